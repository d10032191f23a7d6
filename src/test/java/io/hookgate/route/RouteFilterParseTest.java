package io.hookgate.route;

import static io.hookgate.route.RouteFilterTest.KEY;
import static io.hookgate.route.RouteFilterTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every configuration mistake is refused at parse time, with the config key and the JSON path of the mistake. */
class RouteFilterParseTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String singleQuoted) {
        return assertThatThrownBy(() -> RouteFilter.parse(j(singleQuoted), KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(KEY + ": ");
    }

    @Test
    void invalidJson() {
        rejecting("{'body': {'a': 1}").hasMessageContaining("invalid JSON").hasMessageContaining("line 1");
        rejecting("{'body': ").hasMessageContaining("invalid JSON");
        rejecting("{body: 1}").hasMessageContaining("invalid JSON");
        rejecting("{'body': {}} {'x': 1}").hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> RouteFilter.parse("", KEY)).hasMessage(KEY + ": invalid JSON: the filter is empty");
        assertThatThrownBy(() -> RouteFilter.parse(null, KEY)).hasMessageStartingWith(KEY + ": invalid JSON");
    }

    @Test
    void duplicateKeysAreInvalid() {
        assertThatThrownBy(() -> RouteFilter.parse("{\"body\": {\"a\": 1, \"a\": 2}}", KEY))
                .hasMessageStartingWith(KEY + ": invalid JSON: Duplicate field 'a'");
    }

    @Test
    void topLevelMustBeAnObject() {
        rejecting("['body']").hasMessage(KEY + ": a filter is a JSON object, not an array");
        rejecting("'body'").hasMessageContaining("a filter is a JSON object, not a string");
        rejecting("42").hasMessageContaining("not a number");
    }

    @Test
    void unknownTopLevelKey() {
        rejecting("{'query': {'a': 1}}").hasMessage(KEY
                + ": unknown top-level key \"query\" (allowed: headers, body, $and, $or, $not)");
        rejecting("{'$nor': []}").hasMessageContaining("unknown top-level key \"$nor\"");
        rejecting("{'$or': [{'path': '/x'}]}").hasMessageStartingWith(KEY + ": $or[0]: unknown key \"path\"");
    }

    @Test
    void unknownOperatorNamesItsPath() {
        rejecting("{'body': {'data': {'amount': {'$foo': 1}}}}")
                .hasMessageStartingWith(KEY + ": body.data.amount: unknown operator $foo (known: $eq");
        rejecting("{'headers': {'x-a': {'$regex': '.*'}}}")
                .hasMessageStartingWith(KEY + ": headers.x-a: unknown operator $regex");
    }

    @Test
    void inAndNinNeedArrays() {
        rejecting("{'body': {'data': {'currency': {'$in': 'eur'}}}}")
                .hasMessage(KEY + ": body.data.currency: $in expects an array of values, not a string (\"eur\")");
        rejecting("{'body': {'c': {'$nin': {'a': 1}}}}").hasMessage(KEY + ": body.c: $nin expects an array of "
                + "values, not an object");
    }

    @Test
    void affixesNeedStrings() {
        rejecting("{'body': {'type': {'$startsWith': 1}}}")
                .hasMessage(KEY + ": body.type: $startsWith expects a string, not a number (1)");
        rejecting("{'body': {'type': {'$endsWith': ['x']}}}")
                .hasMessage(KEY + ": body.type: $endsWith expects a string, not an array");
    }

    @Test
    void existNeedsABoolean() {
        rejecting("{'body': {'metadata': {'tenant': {'$exist': 'yes'}}}}")
                .hasMessage(KEY + ": body.metadata.tenant: $exist expects true or false, not a string (\"yes\")");
        rejecting("{'body': {'a': {'$exists': 1}}}").hasMessageContaining("body.a: $exists expects true or false");
    }

    @Test
    void comparisonsNeedNumbers() {
        for (String op : new String[] { "$gt", "$gte", "$lt", "$lte" }) {
            rejecting("{'body': {'data': {'amount': {'" + op + "': '1000'}}}}")
                    .hasMessage(KEY + ": body.data.amount: " + op + " expects a number, not a string (\"1000\")");
        }
        rejecting("{'body': {'a': {'$gt': null}}}").hasMessageContaining("$gt expects a number, not null");
    }

    @Test
    void andOrNeedNonEmptyArraysOfObjects() {
        rejecting("{'$or': []}").hasMessage(KEY + ": $or: expects a non-empty array of objects, not an empty array");
        rejecting("{'$and': {'body': {}}}").hasMessage(KEY + ": $and: expects a non-empty array of objects, not an "
                + "object");
        rejecting("{'$or': [{'body': {}}, 3]}").hasMessage(KEY + ": $or[1]: expects an object, not a number (3)");
        rejecting("{'body': {'a': {'$and': ['x']}}}")
                .hasMessage(KEY + ": body.a.$and[0]: expects an object, not a string (\"x\")");
        rejecting("{'body': {'a': {'$or': []}}}").hasMessageStartingWith(KEY + ": body.a.$or: expects a non-empty");
    }

    @Test
    void notNeedsAnObjectOrALiteral() {
        rejecting("{'body': {'a': {'$not': [1]}}}").hasMessageStartingWith(KEY + ": body.a: $not expects an object "
                + "or a literal, not an array");
        rejecting("{'$not': 'x'}").hasMessage(KEY + ": $not expects a filter object, not a string (\"x\")");
        rejecting("{'$not': {'body': {'a': {'$bad': 1}}}}")
                .hasMessageStartingWith(KEY + ": $not.body.a: unknown operator $bad");
    }

    @Test
    void errorsInsideNestedOperatorsNameTheFullPath() {
        rejecting("{'$or': [{'body': {'a': 1}}, {'body': {'b': {'$not': {'$in': 3}}}}]}")
                .hasMessageStartingWith(KEY + ": $or[1].body.b.$not: $in expects an array");
        rejecting("{'body': {'items': [{'sku': {'$gt': 'x'}}]}}")
                .hasMessageStartingWith(KEY + ": body.items[0].sku: $gt expects a number");
    }

    @Test
    void headersAreOneLevel() {
        rejecting("{'headers': {'x-a': {'b': 'c'}}}")
                .hasMessageStartingWith(KEY + ": headers.x-a: headers are one level: \"b\" is not an operator");
        rejecting("{'headers': 'push'}").hasMessage(KEY + ": headers: expects an object of header names, not a "
                + "string (\"push\")");
        rejecting("{'headers': {'$or': [{'x-a': '1'}]}}")
                .hasMessageStartingWith(KEY + ": headers: \"$or\" is not a header name");
        rejecting("{'headers': {'x-a': null}}")
                .hasMessageStartingWith(KEY + ": headers.x-a: a value under headers must be a string, number or "
                        + "boolean, not null");
        rejecting("{'headers': {'x-a': {'$in': ['a', {'b': 1}]}}}")
                .hasMessageStartingWith(KEY + ": headers.x-a.$in[1]: an item under headers must be a string");
        rejecting("{'headers': {'x-a': {'$eq': ['a']}}}")
                .hasMessageStartingWith(KEY + ": headers.x-a: $eq under headers must be a string");
    }

    @Test
    void examplesOfTheDocsParse() {
        String[] examples = {
            "{'body': {'livemode': true, 'data': {'object': {'currency': {'$in': ['eur', 'usd']}, "
                    + "'amount': {'$gte': 100000}}}}}",
            "{'body': {'type': {'$startsWith': 'invoice.'}}}",
            "{'headers': {'x-github-event': {'$in': ['push', 'pull_request']}}, "
                    + "'body': {'sender': {'type': {'$neq': 'Bot'}}}}",
            "{'$or': [{'body': {'metadata': {'tenant': {'$in': ['acme', 'globex']}}}}, "
                    + "{'headers': {'x-priority': 'urgent'}}]}" };
        for (String example : examples) {
            assertThat(RouteFilter.parse(j(example), KEY).toString()).startsWith("{");
        }
    }

    @Test
    void configKeyIsWhateverTheCallerPasses() {
        assertThatThrownBy(() -> RouteFilter.parse("[]", "hookgate.routes.github.filter"))
                .hasMessageStartingWith("hookgate.routes.github.filter: ");
    }

    @Test
    void validFiltersParse() {
        assertThat(RouteFilter.parse(j("{'body': {'a': {'$not': 1, '$exists': true}}}"), KEY).needsBody()).isTrue();
        assertThat(RouteFilter.parse(j("{'$or': [{'headers': {'x-a': 1}}]}"), KEY).needsBody()).isFalse();
        assertThat(RouteFilter.parse(j("{'$or': [{'headers': {'x-a': 1}}, {'body': {}}]}"), KEY).needsBody())
                .isTrue();
    }
}
