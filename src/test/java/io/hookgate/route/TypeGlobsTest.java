package io.hookgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TypeGlobsTest {

    private static final String KEY = "hookgate.routes.billing.types";

    private static TypeGlobs globs(String s) {
        return TypeGlobs.parse(s, KEY);
    }

    @Test
    void prefixGlobMatchesAnythingAfterTheDotButNeedsTheDot() {
        TypeGlobs g = globs("invoice.*");
        assertThat(g.matches("invoice.paid")).isTrue();
        assertThat(g.matches("invoice.payment.failed")).isTrue();
        assertThat(g.matches("invoice.")).isTrue();
        assertThat(g.matches("invoicex")).isFalse();
        assertThat(g.matches("invoice")).isFalse();
        assertThat(g.matches("invoiceXpaid")).isFalse();
        assertThat(g.matches("customer.invoice.paid")).isFalse();
        assertThat(g.matches(null)).isFalse();
    }

    @Test
    void listMatchesIfAnyGlobMatchesAndTrimsWhitespace() {
        TypeGlobs g = globs(" invoice.* ,customer.created  ");
        assertThat(g.matches("invoice.paid")).isTrue();
        assertThat(g.matches("customer.created")).isTrue();
        assertThat(g.matches("customer.updated")).isFalse();
        assertThat(g.matches(" customer.created")).isFalse();
        assertThat(g.toString()).isEqualTo("invoice.*, customer.created");
    }

    @Test
    void dotIsLiteral() {
        TypeGlobs g = globs("a.b");
        assertThat(g.matches("a.b")).isTrue();
        assertThat(g.matches("aXb")).isFalse();
        assertThat(g.matches("a.bc")).isFalse();
    }

    @Test
    void regexMetacharactersAreLiteral() {
        TypeGlobs g = globs("a+b, (x|y), [c], d\\e, ^f$, g{2}");
        assertThat(g.matches("a+b")).isTrue();
        assertThat(g.matches("aab")).isFalse();
        assertThat(g.matches("ab")).isFalse();
        assertThat(g.matches("(x|y)")).isTrue();
        assertThat(g.matches("x")).isFalse();
        assertThat(g.matches("[c]")).isTrue();
        assertThat(g.matches("c")).isFalse();
        assertThat(g.matches("d\\e")).isTrue();
        assertThat(g.matches("^f$")).isTrue();
        assertThat(g.matches("f")).isFalse();
        assertThat(g.matches("g{2}")).isTrue();
        assertThat(g.matches("gg")).isFalse();
    }

    @Test
    void metacharactersAroundWildcardsAreLiteralToo() {
        TypeGlobs g = globs("a.?.(*)");
        assertThat(g.matches("a.b.(anything)")).isTrue();
        assertThat(g.matches("a.b.()")).isTrue();
        assertThat(g.matches("aXbX(c)")).isFalse();
        assertThat(g.matches("a.b.c")).isFalse();
    }

    @Test
    void starMatchesEverythingIncludingNullAndEmpty() {
        TypeGlobs g = globs("*");
        assertThat(g.matches(null)).isTrue();
        assertThat(g.matches("")).isTrue();
        assertThat(g.matches("anything.at.all")).isTrue();
        assertThat(globs("invoice.*, *").matches(null)).isTrue();
        assertThat(globs("**").matches(null)).isTrue();
    }

    @Test
    void nullMatchesOnlyTheBareStar() {
        assertThat(globs("*.*").matches(null)).isFalse();
        assertThat(globs("?").matches(null)).isFalse();
        assertThat(globs("invoice.*").matches(null)).isFalse();
    }

    @Test
    void starMatchesDotsAndNothingInTheMiddle() {
        TypeGlobs g = globs("a*z");
        assertThat(g.matches("az")).isTrue();
        assertThat(g.matches("a.b.c.z")).isTrue();
        assertThat(g.matches("a.b.c.z.")).isFalse();
        assertThat(g.matches("za")).isFalse();
        TypeGlobs suffix = globs("*.deleted");
        assertThat(suffix.matches("customer.deleted")).isTrue();
        assertThat(suffix.matches(".deleted")).isTrue();
        assertThat(suffix.matches("customer.deleted.not")).isFalse();
        assertThat(suffix.matches("deleted")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        TypeGlobs g = globs("v?.created");
        assertThat(g.matches("v1.created")).isTrue();
        assertThat(g.matches("v.created")).isFalse();
        assertThat(g.matches("v12.created")).isFalse();
        assertThat(globs("?").matches("")).isFalse();
        assertThat(globs("?").matches(".")).isTrue();
    }

    @Test
    void backtrackingAcrossSeveralStars() {
        TypeGlobs g = globs("*a*b*c");
        assertThat(g.matches("xxaxxbxxc")).isTrue();
        assertThat(g.matches("abcabc")).isTrue();
        assertThat(g.matches("acb")).isFalse();
        assertThat(g.matches("abcx")).isFalse();
    }

    @Test
    void isCaseSensitive() {
        assertThat(globs("invoice.*").matches("Invoice.paid")).isFalse();
        assertThat(globs("Push").matches("push")).isFalse();
    }

    @Test
    void pathologicalPatternIsLinearNotExponential() {
        // A regex like (a*)*b backtracks exponentially on "aaaa...c"; the walk must finish at once.
        TypeGlobs g = globs("*a*a*a*a*a*a*a*a*a*b");
        String text = "a".repeat(5_000) + "c";
        long start = System.nanoTime();
        assertThat(g.matches(text)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", ",", "a,,b", "a,", ",a", "a, ,b" })
    void emptyItemsOrListAreRejectedNamingTheKey(String configured) {
        assertThatThrownBy(() -> globs(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(KEY + ": empty glob");
    }

    @Test
    void nullListIsRejected() {
        assertThatThrownBy(() -> TypeGlobs.parse(null, KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(KEY + ": empty glob");
    }

    @Property
    void literalTypeMatchesItselfOnly(@ForAll("types") String type, @ForAll("types") String other) {
        TypeGlobs g = globs(type);
        assertThat(g.matches(type)).isTrue();
        assertThat(g.matches(other)).isEqualTo(type.equals(other));
    }

    @Property
    void prefixStarMatchesExactlyTheStringsWithThatPrefix(@ForAll("types") String prefix,
            @ForAll("types") String text) {
        assertThat(globs(prefix + "*").matches(text)).isEqualTo(text.startsWith(prefix));
        assertThat(globs("*" + prefix).matches(text)).isEqualTo(text.endsWith(prefix));
        assertThat(globs("*" + prefix + "*").matches(text)).isEqualTo(text.contains(prefix));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.strings().withChars("ab.+(\\[").ofMinLength(1).ofMaxLength(6);
    }
}
