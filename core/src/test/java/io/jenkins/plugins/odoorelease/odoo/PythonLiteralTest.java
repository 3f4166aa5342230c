package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.odoo.PythonLiteralException.Kind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expected values and error kinds were taken from Python 3.11's {@code ast.literal_eval} on the same texts:
 * {@code SyntaxError} and {@code IndentationError} are SYNTAX, {@code ValueError} is NOT_LITERAL and
 * {@code TypeError} is UNHASHABLE.
 */
class PythonLiteralTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("{'a':1,}", Map.of("a", 1L)),
                Arguments.of("{'a': (1,)}", Map.of("a", new PythonLiteral.Tuple(List.of(1L)))),
                Arguments.of("{'a': {1,2}}", Map.of("a", Set.of(1L, 2L))),
                Arguments.of("set()", Set.of()),
                Arguments.of("1+2j", new PythonLiteral.Complex(1, 2)),
                Arguments.of("{'k': -1-2j}", Map.of("k", new PythonLiteral.Complex(-1, -2))),
                Arguments.of("-1", -1L),
                Arguments.of("{'a': - 1}", Map.of("a", -1L)),
                Arguments.of("+1.5", 1.5),
                Arguments.of("'a' 'b'", "ab"),
                Arguments.of("{'k': 'a'\n 'b'}", Map.of("k", "ab")),
                Arguments.of("{'k': 'a' # c\n 'b'}", Map.of("k", "ab")),
                Arguments.of("'a'\\\n'b'", "ab"),
                Arguments.of("{'a': ...}", Map.of("a", PythonLiteral.Ellipsis.INSTANCE)),
                Arguments.of("{'a': True, 'b': False, 'c': 0}", Map.of("a", true, "b", false, "c", 0L)),
                Arguments.of("{'a': 00}", Map.of("a", 0L)),
                Arguments.of("'\\q'", "\\q"),
                Arguments.of("'\\N{BULLET}'", "\u2022"),
                Arguments.of("b'\\u0041'", bytes("\\u0041")),
                Arguments.of("u'x'", "x"),
                Arguments.of("Rb'\\n'", bytes("\\n")),
                Arguments.of("{'k': b'a' rb'\\d'}", Map.of("k", bytes("a\\d"))),
                Arguments.of("'''a\nb'''", "a\nb"),
                Arguments.of("'a\\\nb'", "ab"),
                Arguments.of("'a\\\r\nb'", "ab"),
                Arguments.of("{\n'a'\n:\n1}", Map.of("a", 1L)),
                Arguments.of("  {}", Map.of()),
                Arguments.of("\t{}", Map.of()),
                Arguments.of("\n{}", Map.of()),
                Arguments.of(" \n{}", Map.of()),
                Arguments.of("\n\n# c\n{}", Map.of()),
                Arguments.of("{'a': 1\n}\n\n", Map.of("a", 1L)),
                Arguments.of("{}\n  # x", Map.of()),
                Arguments.of("{}\n  \n", Map.of()),
                Arguments.of("{}  ", Map.of()),
                Arguments.of("{}\n\f", Map.of()),
                Arguments.of("\f{}", Map.of()),
                Arguments.of("{}\n   \n# x", Map.of()),
                Arguments.of("{'a':[1,2,]}", Map.of("a", List.of(1L, 2L))),
                Arguments.of("(1)", 1L),
                Arguments.of("()", new PythonLiteral.Tuple(List.of())),
                Arguments.of("1,", new PythonLiteral.Tuple(List.of(1L))),
                Arguments.of("{'k': (1,2,)}", Map.of("k", new PythonLiteral.Tuple(List.of(1L, 2L)))),
                Arguments.of("{'k': [(1)]}", Map.of("k", List.of(1L))),
                Arguments.of("1.", 1.0),
                Arguments.of(".5j", new PythonLiteral.Complex(0, 0.5)),
                Arguments.of("1_0.0_1", 10.01),
                Arguments.of("0x_1f", 31L),
                Arguments.of("0_0", 0L),
                Arguments.of("1e1_0", 1e10),
                Arguments.of("{'k': 1.e5, 'l': 1E+5, 'm': 1.0e-3}", Map.of("k", 1e5, "l", 1e5, "m", 0.001)),
                Arguments.of("0XAB", 171L),
                Arguments.of("0B1", 1L),
                Arguments.of("0O7", 7L),
                Arguments.of("1_000j", new PythonLiteral.Complex(0, 1000)),
                Arguments.of("{'k': 00.8}", Map.of("k", 0.8)),
                Arguments.of("'\\a\\b\\f\\v\\0\\'\\\"'", "\u0007\b\f\u000B\0'\""),
                Arguments.of("'\\x41\\u00e9\\U0001F600'", "A\u00e9\uD83D\uDE00"),
                Arguments.of("b'\\x80'", new PythonLiteral.Bytes(new byte[] {(byte) 0x80})),
                Arguments.of("r'\\''", "\\'"),
                Arguments.of("{'k': '\\777'}", Map.of("k", "\u01ff")),
                Arguments.of("{'k': b'\\777'}", Map.of("k", new PythonLiteral.Bytes(new byte[] {(byte) 0xff}))),
                Arguments.of("{'k': '\u00e9', '\u00e9': 1}", Map.of("k", "\u00e9", "\u00e9", 1L)),
                Arguments.of("{'k': None}", nullValue("k")),
                Arguments.of("{'k': {'a':1,'a':2}}", Map.of("k", Map.of("a", 2L))),
                Arguments.of("{'k': 9999999999999999999999}", Map.of("k", new BigInteger("9999999999999999999999"))),
                Arguments.of("-9223372036854775808", Long.MIN_VALUE),
                Arguments.of("{'k': 1e999}", Map.of("k", Double.POSITIVE_INFINITY)),
                Arguments.of("{'k': '\\r\\n'}", Map.of("k", "\r\n")),
                Arguments.of("'x'\r\n", "x"),
                Arguments.of("{'k':\r\n 1}", Map.of("k", 1L)),
                Arguments.of("{'k': \"\"\"a\"b\"\"\"}", Map.of("k", "a\"b")),
                Arguments.of("{'k': '''a''''b'}", Map.of("k", "ab")),
                Arguments.of("{'k': 1 if 1 else 0}".replace("1 if 1 else 0", "1"), Map.of("k", 1L)),
                Arguments.of("{'a': -(1)}", Map.of("a", -1L)),
                Arguments.of("-((1))", -1L),
                Arguments.of("+(1.5)", 1.5),
                Arguments.of("-( 0x10 )", -16L),
                Arguments.of("-(2j)", new PythonLiteral.Complex(-0.0, -2)),
                Arguments.of("{'a': 1+(2j)}", Map.of("a", new PythonLiteral.Complex(1, 2))),
                Arguments.of("{'a': 1-(1j)}", Map.of("a", new PythonLiteral.Complex(1, -1))),
                Arguments.of("1+((2j))", new PythonLiteral.Complex(1, 2)),
                Arguments.of("(1)+2j", new PythonLiteral.Complex(1, 2)),
                Arguments.of("-(1)+(2j)", new PythonLiteral.Complex(-1, 2)),
                Arguments.of("\\\n{}", Map.of()),
                Arguments.of("\\\n\\\n{}", Map.of()),
                Arguments.of("\\\n\f{}", Map.of()),
                Arguments.of("\\\n  # c\n{}", Map.of()),
                Arguments.of("\\\n \n{}", Map.of()),
                Arguments.of("{'a': \\\n  1}", Map.of("a", 1L)),
                Arguments.of("-\\\n  1", -1L));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptsWhatLiteralEvalAccepts(String source, Object expected) throws Exception {
        Object value = PythonLiteral.parse(source);

        assertThat(value).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("\ufeff{}", Kind.SYNTAX, 1),
                Arguments.of("\n  {}", Kind.SYNTAX, 2),
                Arguments.of("{}\n{}", Kind.SYNTAX, 2),
                Arguments.of("--1", Kind.NOT_LITERAL, 1),
                Arguments.of("1+2", Kind.NOT_LITERAL, 1),
                Arguments.of("'a' b'b'", Kind.SYNTAX, 1),
                Arguments.of("f'x'", Kind.NOT_LITERAL, 1),
                Arguments.of("{'h': 007}", Kind.SYNTAX, 1),
                Arguments.of("b'\u00e9'", Kind.SYNTAX, 1),
                Arguments.of("ur'x'", Kind.SYNTAX, 1),
                Arguments.of("{[1]: 2}", Kind.UNHASHABLE, 1),
                Arguments.of("{'a': {[1], 2}}", Kind.UNHASHABLE, 1),
                Arguments.of("{'a':1};", Kind.SYNTAX, 1),
                Arguments.of("(,)", Kind.SYNTAX, 1),
                Arguments.of("[,]", Kind.SYNTAX, 1),
                Arguments.of("{,}", Kind.SYNTAX, 1),
                Arguments.of("{'a':1,,}", Kind.SYNTAX, 1),
                Arguments.of("1 if 1 else 2", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': not True}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': -True}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': -'x'}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 1j+1}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 1+-2j}", Kind.NOT_LITERAL, 1),
                Arguments.of("x", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 1} \\\n", Kind.SYNTAX, 1),
                Arguments.of("{}\n  ", Kind.SYNTAX, 2),
                Arguments.of("{}\n\n  ", Kind.SYNTAX, 3),
                Arguments.of("{}\n\t", Kind.SYNTAX, 2),
                Arguments.of("{}\\\n", Kind.SYNTAX, 1),
                Arguments.of("{'k': 1_}", Kind.SYNTAX, 1),
                Arguments.of("{'k': 1__0}", Kind.SYNTAX, 1),
                Arguments.of("{'k': 0_1}", Kind.SYNTAX, 1),
                Arguments.of("{'k': 1e}", Kind.SYNTAX, 1),
                Arguments.of("{'k': 0x}", Kind.SYNTAX, 1),
                Arguments.of("0b", Kind.SYNTAX, 1),
                Arguments.of("0o8", Kind.SYNTAX, 1),
                Arguments.of("0777", Kind.SYNTAX, 1),
                Arguments.of("{'k': 08}", Kind.SYNTAX, 1),
                Arguments.of("{'k': 'a\\x4'}", Kind.SYNTAX, 1),
                Arguments.of("{'k': '\\u12'}", Kind.SYNTAX, 1),
                Arguments.of("{'k': '\\N{NOPE}'}", Kind.SYNTAX, 1),
                Arguments.of("{'k': '\u0000'}", Kind.SYNTAX, 1),
                Arguments.of("{'k': Ellipsis}", Kind.NOT_LITERAL, 1),
                Arguments.of("[1][0]", Kind.NOT_LITERAL, 1),
                Arguments.of("{'k': 'a'[0]}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'k': 'a\rb'}", Kind.SYNTAX, 1),
                Arguments.of("r'\\'", Kind.SYNTAX, 1),
                Arguments.of("'abc", Kind.SYNTAX, 1),
                Arguments.of("'''abc", Kind.SYNTAX, 1),
                Arguments.of("{'a': 1", Kind.SYNTAX, 1),
                Arguments.of("{'a' 1}", Kind.SYNTAX, 1),
                Arguments.of("{'a': 1 'b': 2}", Kind.SYNTAX, 1),
                Arguments.of("[1 2]", Kind.SYNTAX, 1),
                Arguments.of("{1: 2, 3}", Kind.SYNTAX, 1),
                Arguments.of("{1, 2: 3}", Kind.SYNTAX, 1),
                Arguments.of("{'k': 1if 1 else 0}", Kind.NOT_LITERAL, 1),
                Arguments.of("dict(a=1)", Kind.NOT_LITERAL, 1),
                Arguments.of("{**a}", Kind.NOT_LITERAL, 1),
                Arguments.of("[*a]", Kind.NOT_LITERAL, 1),
                Arguments.of("", Kind.SYNTAX, 1),
                Arguments.of("{'a': 1 + 2}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': x.y}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'depends': ['base'] + ['sale']}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': [1, 2][0]}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': true}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': (x for x in y)}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': lambda: 1}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': {'b'}.pop()}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 1}\n'b'", Kind.SYNTAX, 2),
                Arguments.of("{'a': [i for i in range(3)]}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 'x' % 1}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': ('a',) * 2}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 1)", Kind.SYNTAX, 1),
                Arguments.of("{'a': 1]", Kind.SYNTAX, 1),
                Arguments.of(")", Kind.SYNTAX, 1),
                Arguments.of("{'a': $}", Kind.SYNTAX, 1),
                Arguments.of("{'a': 1.__class__}", Kind.SYNTAX, 1),
                Arguments.of("{'a': 0b12}", Kind.SYNTAX, 1),
                Arguments.of("{'a': ~1}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': 2 ** 3}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': None.x}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': set([1])}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': frozenset()}", Kind.NOT_LITERAL, 1),
                Arguments.of("{'a': u'x' b'y'}", Kind.SYNTAX, 1),
                Arguments.of("-(1,)", Kind.NOT_LITERAL, 1),
                Arguments.of("-()", Kind.NOT_LITERAL, 1),
                Arguments.of("-(True)", Kind.NOT_LITERAL, 1),
                Arguments.of("-(-1)", Kind.NOT_LITERAL, 1),
                Arguments.of("-(1+2j)", Kind.NOT_LITERAL, 1),
                Arguments.of("-(1)(2)", Kind.NOT_LITERAL, 1),
                Arguments.of("1+(-2j)", Kind.NOT_LITERAL, 1),
                Arguments.of("1+(2j,)", Kind.NOT_LITERAL, 1),
                Arguments.of("-(1", Kind.SYNTAX, 1),
                Arguments.of("\\\n {}", Kind.SYNTAX, 2),
                Arguments.of("\\\n\t{}", Kind.SYNTAX, 2),
                Arguments.of("\\\n  \\\n{}", Kind.SYNTAX, 3),
                Arguments.of("# c\n\\\n  {}", Kind.SYNTAX, 3),
                Arguments.of("# c\n  \\\n\f{}", Kind.SYNTAX, 3));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWhatLiteralEvalRejects(String source, Kind kind, int line) {
        assertThatThrownBy(() -> PythonLiteral.parse(source))
                .isInstanceOfSatisfying(PythonLiteralException.class, e -> {
                    assertThat(e.kind()).as("kind for %s: %s", source, e.getMessage()).isEqualTo(kind);
                    assertThat(e.line()).as("line for %s", source).isEqualTo(line);
                });
    }

    @Test
    void errorPointsAtLineAndColumnOfCall() {
        String source = """
                {
                    'name': 'Shop',
                    'version': '17.0.1.0.0',
                    'data': glob('views/*.xml'),
                }
                """;

        assertThatThrownBy(() -> PythonLiteral.parse(source))
                .isInstanceOfSatisfying(PythonLiteralException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_LITERAL);
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.column()).isEqualTo(13);
                    assertThat(e.detail()).contains("the name 'glob'");
                });
    }

    @Test
    void unclosedBracketNamesItsLine() {
        assertThatThrownBy(() -> PythonLiteral.parse("{\n  'depends': ['base',\n}\n"))
                .isInstanceOfSatisfying(PythonLiteralException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.detail()).contains("does not match opening bracket '['");
                });
    }

    @Test
    void repeatedKeyKeepsFirstPositionAndLastValue() throws Exception {
        Object value = PythonLiteral.parse("{'a': 1, 'b': 2, 'a': 3}");

        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("a", 3L);
        expected.put("b", 2L);
        assertThat(value).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("a", "b"));
    }

    @Test
    void truthValuesFollowPython() {
        assertThat(PythonLiteral.truthy(null)).isFalse();
        assertThat(PythonLiteral.truthy(0L)).isFalse();
        assertThat(PythonLiteral.truthy(0.0)).isFalse();
        assertThat(PythonLiteral.truthy("")).isFalse();
        assertThat(PythonLiteral.truthy(List.of())).isFalse();
        assertThat(PythonLiteral.truthy(new PythonLiteral.Tuple(List.of()))).isFalse();
        assertThat(PythonLiteral.truthy(Map.of())).isFalse();
        assertThat(PythonLiteral.truthy("0")).isTrue();
        assertThat(PythonLiteral.truthy(List.of(false))).isTrue();
        assertThat(PythonLiteral.truthy(new BigInteger("-99999999999999999999"))).isTrue();
    }

    private static PythonLiteral.Bytes bytes(String ascii) {
        return new PythonLiteral.Bytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<Object, Object> nullValue(String key) {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(key, null);
        return map;
    }
}
