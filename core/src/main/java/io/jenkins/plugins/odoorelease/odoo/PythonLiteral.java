package io.jenkins.plugins.odoorelease.odoo;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Python literals the way {@code ast.literal_eval} does (Python 3.11), which is how Odoo reads a manifest
 * ({@code load_manifest} in {@code odoo/modules/module.py}). Nothing is ever executed: a name other than
 * {@code True}, {@code False} and {@code None}, a call other than {@code set()}, an operator other than a sign
 * or a complex sum, a comprehension or an f-string is an error with its line and column.
 *
 * <p>Values map to Java as follows: {@code str} to {@link String}; {@code bytes} to {@link Bytes}; {@code int}
 * to {@link Long}, or {@link BigInteger} beyond 64 bits; {@code float} to {@link Double}; {@code complex} to
 * {@link Complex}; {@code True}/{@code False} to {@link Boolean}; {@code None} to {@code null}; lists to
 * unmodifiable {@link List}s; tuples to {@link Tuple}; sets to unmodifiable {@link java.util.Set}s in source
 * order; dicts to unmodifiable {@link Map}s in source order, where a repeated key keeps its first position and
 * its last value, as in Python; {@code ...} to {@link Ellipsis#INSTANCE}.
 */
public final class PythonLiteral {

    private PythonLiteral() {
    }

    /**
     * Parses a whole source text, such as the content of {@code __manifest__.py}, as one literal. Line breaks
     * {@code \r\n} and {@code \r} count as {@code \n}, as Python's text mode reads them.
     *
     * @throws PythonLiteralException when the text is not valid Python or not a literal
     */
    public static Object parse(String source) throws PythonLiteralException {
        return new PythonLiteralParser(source).parseSource();
    }

    /** Returns Python's truth value: {@code None}, {@code False}, zero and empty containers are false. */
    public static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Long number) {
            return number != 0;
        }
        if (value instanceof BigInteger number) {
            return number.signum() != 0;
        }
        if (value instanceof Double number) {
            return number != 0.0;
        }
        if (value instanceof Complex complex) {
            return complex.real() != 0.0 || complex.imaginary() != 0.0;
        }
        if (value instanceof String text) {
            return !text.isEmpty();
        }
        if (value instanceof Bytes bytes) {
            return bytes.length() > 0;
        }
        if (value instanceof Tuple tuple) {
            return !tuple.items().isEmpty();
        }
        if (value instanceof Collection<?> collection) {
            return !collection.isEmpty();
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return true;
    }

    /** Returns the Python type name of a parsed value, for messages: {@code str}, {@code list}, {@code dict}, … */
    public static String typeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Complex) {
            return "complex";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Bytes) {
            return "bytes";
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof java.util.Set<?>) {
            return "set";
        }
        if (value instanceof Map<?, ?>) {
            return "dict";
        }
        if (value instanceof Ellipsis) {
            return "ellipsis";
        }
        return value.getClass().getSimpleName();
    }

    /** A Python tuple. */
    public record Tuple(List<Object> items) {

        public Tuple {
            items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }
    }

    /** A Python {@code bytes} value. */
    public static final class Bytes {

        private final byte[] value;

        public Bytes(byte[] value) {
            this.value = value.clone();
        }

        public byte[] toByteArray() {
            return value.clone();
        }

        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(bytes.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("b'");
            for (byte b : value) {
                int unsigned = b & 0xFF;
                if (unsigned >= 0x20 && unsigned < 0x7F && unsigned != '\'' && unsigned != '\\') {
                    text.append((char) unsigned);
                } else {
                    text.append(String.format("\\x%02x", unsigned));
                }
            }
            return text.append('\'').toString();
        }
    }

    /** A Python {@code complex} value, such as {@code 1+2j}. */
    public record Complex(double real, double imaginary) {
    }

    /** Python's {@code ...}. */
    public enum Ellipsis {
        INSTANCE
    }

    /** Returns whether Python can hash the value, so that it may be a dict key or a set element. */
    static boolean hashable(Object value) {
        if (value instanceof List<?> || value instanceof Map<?, ?> || value instanceof java.util.Set<?>) {
            return false;
        }
        if (value instanceof Tuple tuple) {
            return tuple.items().stream().allMatch(PythonLiteral::hashable);
        }
        return true;
    }

    static boolean isRealNumber(Object value) {
        return value instanceof Long || value instanceof BigInteger || value instanceof Double;
    }

    static Object negate(Object number) {
        if (number instanceof Long value) {
            return value == Long.MIN_VALUE ? BigInteger.valueOf(value).negate() : -value;
        }
        if (number instanceof BigInteger value) {
            return normalise(value.negate());
        }
        if (number instanceof Double value) {
            return -value;
        }
        Complex complex = (Complex) number;
        return new Complex(-complex.real(), -complex.imaginary());
    }

    /** Returns a {@link Long} when the value fits, so that equal integers are equal Java objects. */
    static Object normalise(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    static double toDouble(Object number) {
        return Objects.requireNonNull((Number) number).doubleValue();
    }
}
