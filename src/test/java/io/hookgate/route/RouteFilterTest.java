package io.hookgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteFilterTest {

    static final String KEY = "hookgate.routes.billing.filter";

    /** JSON with single quotes, for readability: 'a' becomes "a". */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static RouteFilter filter(String singleQuoted) {
        return RouteFilter.parse(j(singleQuoted), KEY);
    }

    static FilterInput body(String singleQuoted) {
        return FilterInput.of(Map.of(), j(singleQuoted).getBytes(StandardCharsets.UTF_8));
    }

    static boolean matchesBody(String filter, String body) {
        return filter(filter).matches(body(body));
    }

    static FilterInput headers(Map<String, List<String>> headers) {
        return FilterInput.of(headers, new byte[0]);
    }

    @Nested
    class Literals {

        @Test
        void stringEquality() {
            assertThat(matchesBody("{'body': {'type': 'invoice.paid'}}", "{'type': 'invoice.paid'}")).isTrue();
            assertThat(matchesBody("{'body': {'type': 'invoice.paid'}}", "{'type': 'invoice.failed'}")).isFalse();
        }

        @Test
        void numbersCompareByValue() {
            assertThat(matchesBody("{'body': {'n': 1}}", "{'n': 1.0}")).isTrue();
            assertThat(matchesBody("{'body': {'n': 1.0}}", "{'n': 1}")).isTrue();
            assertThat(matchesBody("{'body': {'n': 100}}", "{'n': 1e2}")).isTrue();
            assertThat(matchesBody("{'body': {'n': 1}}", "{'n': 1.5}")).isFalse();
            assertThat(matchesBody("{'body': {'n': 0}}", "{'n': -0.0}")).isTrue();
        }

        @Test
        void bigIntegersCompareExactly() {
            assertThat(matchesBody("{'body': {'n': 123456789012345678901234567890}}",
                    "{'n': 123456789012345678901234567890}")).isTrue();
            assertThat(matchesBody("{'body': {'n': 123456789012345678901234567890}}",
                    "{'n': 123456789012345678901234567891}")).isFalse();
            // Beyond 2^53 a double cannot tell these apart; the filter must.
            assertThat(matchesBody("{'body': {'n': 9007199254740993}}", "{'n': 9007199254740992.0}")).isFalse();
        }

        @Test
        void stringDoesNotEqualNumberInTheBody() {
            assertThat(matchesBody("{'body': {'n': '1'}}", "{'n': 1}")).isFalse();
            assertThat(matchesBody("{'body': {'n': 1}}", "{'n': '1'}")).isFalse();
        }

        @Test
        void booleansAndNull() {
            assertThat(matchesBody("{'body': {'livemode': true}}", "{'livemode': true}")).isTrue();
            assertThat(matchesBody("{'body': {'livemode': true}}", "{'livemode': false}")).isFalse();
            assertThat(matchesBody("{'body': {'livemode': true}}", "{'livemode': 'true'}")).isFalse();
            assertThat(matchesBody("{'body': {'x': null}}", "{'x': null}")).isTrue();
            assertThat(matchesBody("{'body': {'x': null}}", "{}")).isFalse();
            assertThat(matchesBody("{'body': {'x': null}}", "{'x': 0}")).isFalse();
        }

        @Test
        void nestedObjectsAreImplicitAnd() {
            String f = "{'body': {'data': {'object': {'currency': 'eur', 'amount': 1000}}, 'livemode': true}}";
            assertThat(matchesBody(f, "{'data': {'object': {'currency': 'eur', 'amount': 1000, 'x': 1}}, "
                    + "'livemode': true, 'other': 2}")).isTrue();
            assertThat(matchesBody(f, "{'data': {'object': {'currency': 'usd', 'amount': 1000}}, 'livemode': true}"))
                    .isFalse();
            assertThat(matchesBody(f, "{'data': {'object': {'currency': 'eur', 'amount': 1000}}, 'livemode': false}"))
                    .isFalse();
            assertThat(matchesBody(f, "{'data': {'object': {'currency': 'eur'}}, 'livemode': true}")).isFalse();
        }

        @Test
        void fieldsAndOperatorsMixInOneObject() {
            String f = "{'body': {'data': {'$exist': true, 'id': {'$startsWith': 'in_'}}}}";
            assertThat(matchesBody(f, "{'data': {'id': 'in_1'}}")).isTrue();
            assertThat(matchesBody(f, "{'data': {'id': 'ch_1'}}")).isFalse();
            assertThat(matchesBody(f, "{}")).isFalse();
        }

        @Test
        void objectConditionOnAScalarSeesNoFields() {
            assertThat(matchesBody("{'body': {'a': {'b': 1}}}", "{'a': 'text'}")).isFalse();
            assertThat(matchesBody("{'body': {'a': {'b': {'$exist': false}}}}", "{'a': 'text'}")).isTrue();
        }

        @Test
        void emptyFilterMatchesEverything() {
            assertThat(filter("{}").matches(body("{}"))).isTrue();
            assertThat(filter("{}").matches(FilterInput.of(null, null))).isTrue();
        }
    }

    @Nested
    class Operators {

        @Test
        void eqAndNeq() {
            assertThat(matchesBody("{'body': {'a': {'$eq': 'x'}}}", "{'a': 'x'}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$eq': 'x'}}}", "{'a': 'y'}")).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$eq': 2}}}", "{'a': 2.0}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$neq': 'x'}}}", "{'a': 'y'}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$neq': 'x'}}}", "{'a': 'x'}")).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$neq': 2}}}", "{'a': 2.0}")).isFalse();
        }

        @Test
        void eqWithAnObjectOrArrayOperandIsDeepEquality() {
            assertThat(matchesBody("{'body': {'a': {'$eq': {'b': 1}}}}", "{'a': {'b': 1.0}}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$eq': {'b': 1}}}}", "{'a': {'b': 1, 'c': 2}}")).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$eq': [1, 2]}}}", "{'a': [1, 2]}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$eq': [1, 2]}}}", "{'a': [2, 1]}")).isFalse();
        }

        @Test
        void inAndNin() {
            String in = "{'body': {'currency': {'$in': ['eur', 'usd']}}}";
            assertThat(matchesBody(in, "{'currency': 'eur'}")).isTrue();
            assertThat(matchesBody(in, "{'currency': 'gbp'}")).isFalse();
            assertThat(matchesBody(in, "{}")).isFalse();
            String nin = "{'body': {'currency': {'$nin': ['eur', 'usd']}}}";
            assertThat(matchesBody(nin, "{'currency': 'gbp'}")).isTrue();
            assertThat(matchesBody(nin, "{'currency': 'usd'}")).isFalse();
        }

        @Test
        void inWithMixedTypes() {
            String in = "{'body': {'v': {'$in': [1, 'two', true, null]}}}";
            assertThat(matchesBody(in, "{'v': 1.0}")).isTrue();
            assertThat(matchesBody(in, "{'v': 'two'}")).isTrue();
            assertThat(matchesBody(in, "{'v': true}")).isTrue();
            assertThat(matchesBody(in, "{'v': null}")).isTrue();
            assertThat(matchesBody(in, "{'v': '1'}")).isFalse();
            assertThat(matchesBody(in, "{'v': 2}")).isFalse();
            assertThat(matchesBody("{'body': {'v': {'$in': []}}}", "{'v': 1}")).isFalse();
        }

        @Test
        void startsWithAndEndsWith() {
            assertThat(matchesBody("{'body': {'type': {'$startsWith': 'invoice.'}}}", "{'type': 'invoice.paid'}"))
                    .isTrue();
            assertThat(matchesBody("{'body': {'type': {'$startsWith': 'invoice.'}}}", "{'type': 'invoicex'}"))
                    .isFalse();
            assertThat(matchesBody("{'body': {'type': {'$endsWith': '.paid'}}}", "{'type': 'invoice.paid'}"))
                    .isTrue();
            assertThat(matchesBody("{'body': {'type': {'$endsWith': '.paid'}}}", "{'type': 'invoice.failed'}"))
                    .isFalse();
            // Strings only: a number's digits are not a prefix.
            assertThat(matchesBody("{'body': {'n': {'$startsWith': '1'}}}", "{'n': 123}")).isFalse();
        }

        @Test
        void numericComparisons() {
            assertThat(matchesBody("{'body': {'n': {'$gt': 10}}}", "{'n': 11}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$gt': 10}}}", "{'n': 10}")).isFalse();
            assertThat(matchesBody("{'body': {'n': {'$gte': 10}}}", "{'n': 10.0}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$gte': 10}}}", "{'n': 9.99}")).isFalse();
            assertThat(matchesBody("{'body': {'n': {'$lt': 10}}}", "{'n': 9.5}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$lt': 10}}}", "{'n': 10}")).isFalse();
            assertThat(matchesBody("{'body': {'n': {'$lte': 10.5}}}", "{'n': 10.5}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$lte': 10.5}}}", "{'n': 11}")).isFalse();
            assertThat(matchesBody("{'body': {'n': {'$gt': 1, '$lt': 3}}}", "{'n': 2}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$gt': 1, '$lt': 3}}}", "{'n': 3}")).isFalse();
        }

        @Test
        void comparisonsNeedNumbers() {
            assertThat(matchesBody("{'body': {'n': {'$gt': 10}}}", "{'n': '11'}")).isFalse();
            assertThat(matchesBody("{'body': {'n': {'$lt': 10}}}", "{'n': null}")).isFalse();
            assertThat(matchesBody("{'body': {'n': {'$lt': 10}}}", "{'n': true}")).isFalse();
        }

        @Test
        void hugeNumbersCompareWithoutThrowing() {
            assertThat(matchesBody("{'body': {'n': {'$gt': 1000}}}", "{'n': 1e400}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$lt': 1000}}}", "{'n': -1e400}")).isTrue();
            assertThat(matchesBody("{'body': {'n': 1000}}", "{'n': 1e400}")).isFalse();
            String digits = "9".repeat(900);
            assertThat(matchesBody("{'body': {'n': {'$gt': 1.5}}}", "{'n': " + digits + "}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$gt': 1.5}}}", "{'n': " + "9".repeat(5000) + "}")).isFalse();
        }

        @Test
        void existTellsPresentNullFromAbsent() {
            String present = "{'body': {'metadata': {'tenant': {'$exist': true}}}}";
            assertThat(matchesBody(present, "{'metadata': {'tenant': 't1'}}")).isTrue();
            assertThat(matchesBody(present, "{'metadata': {'tenant': null}}")).isTrue();
            assertThat(matchesBody(present, "{'metadata': {}}")).isFalse();
            assertThat(matchesBody(present, "{}")).isFalse();
            String absent = "{'body': {'metadata': {'tenant': {'$exist': false}}}}";
            assertThat(matchesBody(absent, "{'metadata': {}}")).isTrue();
            assertThat(matchesBody(absent, "{}")).isTrue();
            assertThat(matchesBody(absent, "{'metadata': {'tenant': null}}")).isFalse();
        }

        @Test
        void existsIsAnAlias() {
            assertThat(matchesBody("{'body': {'a': {'$exists': true}}}", "{'a': 0}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$exists': true}}}", "{'b': 0}")).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$exists': false}}}", "{'b': 0}")).isTrue();
        }

        @Test
        void notNegatesALiteralOrAnOperatorObject() {
            String f = "{'body': {'b': {'$not': {'$eq': 2}}}}";
            assertThat(matchesBody(f, "{'b': 3}")).isTrue();
            assertThat(matchesBody(f, "{'b': 2}")).isFalse();
            assertThat(matchesBody("{'body': {'b': {'$not': 'x'}}}", "{'b': 'y'}")).isTrue();
            assertThat(matchesBody("{'body': {'b': {'$not': 'x'}}}", "{'b': 'x'}")).isFalse();
            assertThat(matchesBody("{'body': {'b': {'$not': {'c': 1}}}}", "{'b': {'c': 2}}")).isTrue();
            assertThat(matchesBody("{'body': {'b': {'$not': {'c': 1}}}}", "{'b': {'c': 1}}")).isFalse();
        }

        @Test
        void nestedAndOr() {
            String or = "{'body': {'n': {'$or': [{'$lt': 0}, {'$gt': 100}]}}}";
            assertThat(matchesBody(or, "{'n': -1}")).isTrue();
            assertThat(matchesBody(or, "{'n': 101}")).isTrue();
            assertThat(matchesBody(or, "{'n': 50}")).isFalse();
            String and = "{'body': {'s': {'$and': [{'$startsWith': 'a'}, {'$endsWith': 'z'}]}}}";
            assertThat(matchesBody(and, "{'s': 'abcz'}")).isTrue();
            assertThat(matchesBody(and, "{'s': 'abc'}")).isFalse();
            String fieldsInOr = "{'body': {'$or': [{'a': 1}, {'b': {'c': 2}}]}}";
            assertThat(matchesBody(fieldsInOr, "{'b': {'c': 2}}")).isTrue();
            assertThat(matchesBody(fieldsInOr, "{'a': 1}")).isTrue();
            assertThat(matchesBody(fieldsInOr, "{'a': 2, 'b': {'c': 3}}")).isFalse();
        }
    }

    @Nested
    class TopLevel {

        @Test
        void orAtTheTopTakesWholeFilters() {
            String f = "{'$or': [{'body': {'a': 1}}, {'body': {'b': {'$not': {'$eq': 2}}}}]}";
            assertThat(matchesBody(f, "{'a': 1, 'b': 2}")).isTrue();
            assertThat(matchesBody(f, "{'a': 0, 'b': 3}")).isTrue();
            assertThat(matchesBody(f, "{'a': 0, 'b': 2}")).isFalse();
        }

        @Test
        void andAndNotAtTheTop() {
            String and = "{'$and': [{'body': {'a': 1}}, {'headers': {'x-k': 'v'}}]}";
            FilterInput both = FilterInput.of(Map.of("x-k", List.of("v")), j("{'a': 1}").getBytes());
            FilterInput bodyOnly = FilterInput.of(Map.of("x-k", List.of("w")), j("{'a': 1}").getBytes());
            assertThat(filter(and).matches(both)).isTrue();
            assertThat(filter(and).matches(bodyOnly)).isFalse();
            assertThat(filter("{'$not': {'headers': {'x-k': 'v'}}}").matches(both)).isFalse();
            assertThat(filter("{'$not': {'headers': {'x-k': 'v'}}}").matches(bodyOnly)).isTrue();
        }

        @Test
        void theIssueExample() {
            RouteFilter f = RouteFilter.parse("""
                    {"headers": {"x-github-event": "push"},
                     "body": {"data": {"object": {"currency": {"$in": ["eur", "usd"]}, "amount": {"$gte": 1000}}},
                              "livemode": true,
                              "type": {"$startsWith": "invoice."},
                              "metadata": {"tenant": {"$exist": true}}},
                     "$or": [{"body": {"a": 1}}, {"body": {"b": {"$not": {"$eq": 2}}}}]}
                    """, KEY);
            String good = """
                    {"data": {"object": {"currency": "eur", "amount": 1500}}, "livemode": true,
                     "type": "invoice.paid", "metadata": {"tenant": "t1"}, "a": 1, "b": 2}""";
            Map<String, List<String>> push = Map.of("x-github-event", List.of("push"));
            assertThat(f.matches(FilterInput.of(push, good.getBytes()))).isTrue();
            assertThat(f.matches(FilterInput.of(Map.of("x-github-event", List.of("issues")), good.getBytes())))
                    .isFalse();
            assertThat(f.matches(FilterInput.of(push, good.replace("1500", "999").getBytes()))).isFalse();
            assertThat(f.matches(FilterInput.of(push, good.replace("\"eur\"", "\"gbp\"").getBytes()))).isFalse();
            assertThat(f.matches(FilterInput.of(push, good.replace("\"a\": 1", "\"a\": 0").getBytes()))).isFalse();
            assertThat(f.matches(FilterInput.of(push, good.replace("\"a\": 1, \"b\": 2", "\"b\": 7").getBytes())))
                    .isTrue();
            assertThat(f.matches(FilterInput.of(push, good.replace("\"tenant\": \"t1\"", "\"x\": 1").getBytes())))
                    .isFalse();
            assertThat(f.needsBody()).isTrue();
        }
    }

    @Nested
    class Arrays {

        @Test
        void scalarMatchesAnyElement() {
            assertThat(matchesBody("{'body': {'tags': 'vip'}}", "{'tags': ['a', 'vip']}")).isTrue();
            assertThat(matchesBody("{'body': {'tags': 'vip'}}", "{'tags': ['a', 'b']}")).isFalse();
            assertThat(matchesBody("{'body': {'tags': 'vip'}}", "{'tags': []}")).isFalse();
        }

        @Test
        void operatorsMatchAnyElement() {
            assertThat(matchesBody("{'body': {'n': {'$gt': 5}}}", "{'n': [1, 2, 6]}")).isTrue();
            assertThat(matchesBody("{'body': {'n': {'$gt': 5}}}", "{'n': [1, 2, 3]}")).isFalse();
            assertThat(matchesBody("{'body': {'t': {'$in': ['x', 'y']}}}", "{'t': ['a', 'y']}")).isTrue();
            assertThat(matchesBody("{'body': {'t': {'$startsWith': 'v'}}}", "{'t': ['a', 'vip']}")).isTrue();
            assertThat(matchesBody("{'body': {'t': {'$startsWith': 'v'}}}", "{'t': ['a', 'b']}")).isFalse();
        }

        @Test
        void objectConditionMatchesAnyElementAsAWhole() {
            String f = "{'body': {'items': {'sku': 'A', 'qty': {'$gte': 2}}}}";
            assertThat(matchesBody(f, "{'items': [{'sku': 'B', 'qty': 5}, {'sku': 'A', 'qty': 2}]}")).isTrue();
            // sku A and qty >= 2 exist, but not on the same item.
            assertThat(matchesBody(f, "{'items': [{'sku': 'B', 'qty': 5}, {'sku': 'A', 'qty': 1}]}")).isFalse();
        }

        @Test
        void literalArrayMeansContainsAll() {
            String f = "{'body': {'tags': ['a', 'b']}}";
            assertThat(matchesBody(f, "{'tags': ['b', 'c', 'a']}")).isTrue();
            assertThat(matchesBody(f, "{'tags': ['a', 'c']}")).isFalse();
            assertThat(matchesBody(f, "{'tags': 'a'}")).isFalse();
            assertThat(matchesBody(f, "{}")).isFalse();
            assertThat(matchesBody("{'body': {'n': [1]}}", "{'n': [1.0, 2]}")).isTrue();
            assertThat(matchesBody("{'body': {'items': [{'sku': 'A'}]}}", "{'items': [{'sku': 'A', 'q': 1}]}"))
                    .isTrue();
        }

        @Test
        void existAndNotLookAtTheWholeArray() {
            assertThat(matchesBody("{'body': {'tags': {'$exist': true}}}", "{'tags': []}")).isTrue();
            // $not negates "some tag is vip": no tag may be vip.
            assertThat(matchesBody("{'body': {'tags': {'$not': 'vip'}}}", "{'tags': ['a', 'vip']}")).isFalse();
            assertThat(matchesBody("{'body': {'tags': {'$not': 'vip'}}}", "{'tags': ['a', 'b']}")).isTrue();
        }

        @Test
        void neqAndNinMatchIfAnyElementDiffers() {
            assertThat(matchesBody("{'body': {'tags': {'$neq': 'vip'}}}", "{'tags': ['a', 'vip']}")).isTrue();
            assertThat(matchesBody("{'body': {'tags': {'$neq': 'vip'}}}", "{'tags': ['vip']}")).isFalse();
            assertThat(matchesBody("{'body': {'tags': {'$nin': ['vip']}}}", "{'tags': ['vip', 'x']}")).isTrue();
            assertThat(matchesBody("{'body': {'tags': {'$nin': ['vip']}}}", "{'tags': ['vip']}")).isFalse();
        }
    }

    @Nested
    class MissingPaths {

        @Test
        void missingMatchesNothingButAbsenceTolerantConditions() {
            String empty = "{'other': 1}";
            assertThat(matchesBody("{'body': {'a': 'x'}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': null}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$eq': 'x'}}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$in': ['x']}}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$startsWith': 'x'}}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$gte': 0}}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': {'$exist': true}}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': ['x']}}", empty)).isFalse();
            assertThat(matchesBody("{'body': {'a': {'b': 1}}}", empty)).isFalse();

            assertThat(matchesBody("{'body': {'a': {'$exist': false}}}", empty)).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$neq': 'x'}}}", empty)).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$nin': ['x']}}}", empty)).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$not': {'$eq': 'x'}}}}", empty)).isTrue();
            assertThat(matchesBody("{'body': {'a': {'$not': {'$exist': false}}}}", empty)).isFalse();
        }

        @Test
        void deeperPathUnderAMissingParentIsMissing() {
            assertThat(matchesBody("{'body': {'a': {'b': {'c': {'$exist': false}}}}}", "{}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'b': {'c': {'$neq': 1}}}}}", "{}")).isTrue();
            assertThat(matchesBody("{'body': {'a': {'b': {'c': 1}}}}", "{}")).isFalse();
        }
    }

    @Nested
    class Headers {

        final Map<String, List<String>> github = Map.of(
                "x-github-event", List.of("push"),
                "x-attempt", List.of("1"),
                "x-flag", List.of("true"),
                "accept", List.of("text/plain", "application/json"));

        boolean matches(String filter) {
            return filter(filter).matches(headers(github));
        }

        @Test
        void namesMatchCaseInsensitively() {
            assertThat(matches("{'headers': {'X-GitHub-Event': 'push'}}")).isTrue();
            assertThat(matches("{'headers': {'x-github-event': 'push'}}")).isTrue();
            assertThat(matches("{'headers': {'X-GitHub-Event': 'issues'}}")).isFalse();
        }

        @Test
        void valuesAreCaseSensitive() {
            assertThat(matches("{'headers': {'x-github-event': 'Push'}}")).isFalse();
        }

        @Test
        void anyValueOfARepeatedHeaderMatches() {
            assertThat(matches("{'headers': {'accept': 'application/json'}}")).isTrue();
            assertThat(matches("{'headers': {'accept': 'text/plain'}}")).isTrue();
            assertThat(matches("{'headers': {'accept': 'text/html'}}")).isFalse();
            assertThat(matches("{'headers': {'accept': {'$startsWith': 'application/'}}}")).isTrue();
            assertThat(matches("{'headers': {'accept': ['application/json', 'text/plain']}}")).isTrue();
            assertThat(matches("{'headers': {'accept': ['application/json', 'text/html']}}")).isFalse();
            assertThat(matches("{'headers': {'x-github-event': ['push']}}")).isTrue();
        }

        @Test
        void numbersAndBooleansCompareByTheirJsonText() {
            assertThat(matches("{'headers': {'x-attempt': 1}}")).isTrue();
            assertThat(matches("{'headers': {'x-attempt': 2}}")).isFalse();
            assertThat(matches("{'headers': {'x-attempt': {'$in': [1, 2]}}}")).isTrue();
            assertThat(matches("{'headers': {'x-attempt': {'$nin': [1, 2]}}}")).isFalse();
            assertThat(matches("{'headers': {'x-flag': true}}")).isTrue();
            assertThat(matches("{'headers': {'x-flag': false}}")).isFalse();
            assertThat(matches("{'headers': {'x-attempt': '1'}}")).isTrue();
        }

        @Test
        void orderOperatorsReadTheValueAsANumber() {
            assertThat(matches("{'headers': {'x-attempt': {'$gte': 1}}}")).isTrue();
            assertThat(matches("{'headers': {'x-attempt': {'$gt': 1}}}")).isFalse();
            assertThat(matches("{'headers': {'x-attempt': {'$lt': 1.5}}}")).isTrue();
            assertThat(matches("{'headers': {'x-github-event': {'$gt': 0}}}")).isFalse();
        }

        @Test
        void existNeqAndNotOnHeaders() {
            assertThat(matches("{'headers': {'x-github-event': {'$exist': true}}}")).isTrue();
            assertThat(matches("{'headers': {'x-missing': {'$exist': true}}}")).isFalse();
            assertThat(matches("{'headers': {'x-missing': {'$exist': false}}}")).isTrue();
            assertThat(matches("{'headers': {'x-missing': {'$neq': 'a'}}}")).isTrue();
            assertThat(matches("{'headers': {'x-missing': 'a'}}")).isFalse();
            assertThat(matches("{'headers': {'x-github-event': {'$neq': 'push'}}}")).isFalse();
            assertThat(matches("{'headers': {'x-github-event': {'$not': 'push'}}}")).isFalse();
            assertThat(matches("{'headers': {'x-github-event': {'$or': [{'$eq': 'issues'}, {'$endsWith': 'sh'}]}}}"))
                    .isTrue();
        }

        @Test
        void allHeaderConditionsMustHold() {
            assertThat(matches("{'headers': {'x-github-event': 'push', 'x-attempt': 1}}")).isTrue();
            assertThat(matches("{'headers': {'x-github-event': 'push', 'x-attempt': 2}}")).isFalse();
        }

        @Test
        void headerOnlyFilterDoesNotReadTheBody() {
            RouteFilter f = filter("{'headers': {'x-github-event': 'push'}}");
            assertThat(f.needsBody()).isFalse();
            FilterInput in = FilterInput.of(github, "not json".getBytes());
            assertThat(f.matches(in)).isTrue();
            assertThat(in.bodyParsed()).isFalse();
        }

        @Test
        void nullHeadersMapHasNoHeaders() {
            RouteFilter f = filter("{'headers': {'x-a': {'$exist': false}}}");
            assertThat(f.matches(FilterInput.of(null, null))).isTrue();
            assertThat(filter("{'headers': {'x-a': 'v'}}").matches(FilterInput.of(null, null))).isFalse();
        }
    }

    @Nested
    class HostileBodies {

        @Test
        void nonJsonBodyHasNoPaths() {
            FilterInput text = FilterInput.of(Map.of(), "hello, world".getBytes());
            assertThat(filter("{'body': {'a': 1}}").matches(text)).isFalse();
            assertThat(filter("{'body': {'a': {'$exist': false}}}").matches(text)).isTrue();
            assertThat(filter("{'body': {'$exist': true}}").matches(text)).isFalse();
            assertThat(filter("{'body': {'$exist': false}}").matches(text)).isTrue();
        }

        @Test
        void emptyAndNullBodiesHaveNoPaths() {
            assertThat(filter("{'body': {'a': 1}}").matches(FilterInput.of(Map.of(), new byte[0]))).isFalse();
            assertThat(filter("{'body': {'a': 1}}").matches(FilterInput.of(Map.of(), null))).isFalse();
            assertThat(filter("{'body': {'$exist': true}}").matches(FilterInput.of(Map.of(), "  ".getBytes())))
                    .isFalse();
        }

        @Test
        void jsonFollowedByGarbageIsNotJson() {
            assertThat(matchesBody("{'body': {'a': 1}}", "{'a': 1} trailing")).isFalse();
            assertThat(matchesBody("{'body': {'a': 1}}", "{'a': 1}")).isTrue();
        }

        @Test
        void tenThousandDeepBodyDoesNotMatchAndDoesNotThrow() {
            String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
            FilterInput in = FilterInput.of(Map.of(), deep.getBytes());
            assertThat(filter("{'body': {'a': {'$exist': true}}}").matches(in)).isFalse();
            String deepArray = "[".repeat(10_000) + "]".repeat(10_000);
            assertThat(filter("{'body': {'$exist': true}}").matches(FilterInput.of(Map.of(), deepArray.getBytes())))
                    .isFalse();
        }

        @Test
        void invalidUtf8DoesNotMatchAndDoesNotThrow() {
            byte[] body = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
            assertThat(filter("{'body': {'a': {'$exist': true}}}").matches(FilterInput.of(Map.of(), body)))
                    .isFalse();
        }

        @Test
        void bodyIsParsedOnceAcrossFilters() {
            FilterInput in = body("{'a': 1, 'b': 2}");
            assertThat(in.bodyParsed()).isFalse();
            assertThat(filter("{'body': {'a': 1}}").matches(in)).isTrue();
            assertThat(in.bodyParsed()).isTrue();
            JsonNode first = in.body();
            assertThat(filter("{'body': {'b': 2}}").matches(in)).isTrue();
            assertThat(in.body()).isSameAs(first);
        }

        @Test
        void scalarBodyCanBeMatchedAsAWhole() {
            assertThat(matchesBody("{'body': 'ping'}", "'ping'")).isTrue();
            assertThat(matchesBody("{'body': {'a': 1}}", "'ping'")).isFalse();
        }
    }

    @Nested
    class Canonical {

        @Test
        void toStringIsCompactWithSortedKeys() {
            RouteFilter f = RouteFilter.parse("""
                    { "body" : { "z": 1, "a": {"$in": ["x", 2.5]} },
                      "headers": {"X-A": true} }
                    """, KEY);
            assertThat(f.toString()).isEqualTo(j("{'body':{'a':{'$in':['x',2.5]},'z':1},'headers':{'X-A':true}}"));
            assertThat(RouteFilter.parse(f.toString(), KEY).toString()).isEqualTo(f.toString());
        }
    }
}
