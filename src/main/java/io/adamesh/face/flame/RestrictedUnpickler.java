package io.adamesh.face.flame;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Python pickle (protocols 0 to 5, Python 2 and 3) holding FLAME's kind of data, without
 * running any Python: the opcodes are interpreted here, and the only names accepted are those of
 * {@link AllowedGlobal}, each mapped to a Java behaviour. Any other name stops the read when it is
 * met, with an {@link UnsafePickleException} naming it.
 *
 * <p>Results: {@code str} as {@link String}; Python 2 byte strings as latin-1 {@link String} (as
 * Python 3's {@code encoding='latin1'}); {@code bytes} as {@code byte[]}; {@code int} as {@link Long}
 * (or {@link BigInteger} when it does not fit); {@code float} as {@link Double}; {@code bool} as
 * {@link Boolean}; {@code None} as {@code null}; {@code list} as {@link List}; {@code tuple} as
 * {@link PyTuple}; {@code dict} as {@link Map}; {@code set} as {@link Set}; numpy arrays as
 * {@link NumpyArray}; sparse matrices as {@link SparseMatrix}; chumpy arrays as {@link ChumpyArray}.
 */
public final class RestrictedUnpickler {
    private record Global(AllowedGlobal kind, String name) {
        @Override
        public String toString() { return name; }
    }

    private final byte[] in;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] in) { this.in = in; }

    /** Reads one pickled value from {@code bytes}. */
    public static Object load(byte[] bytes) throws PickleException {
        return new RestrictedUnpickler(bytes).run();
    }

    /** Reads one pickled value from a file; errors name the file. */
    public static Object load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return load(bytes);
        } catch (UnsafePickleException e) {
            throw new UnsafePickleException(e.global(), file.toString());
        } catch (PickleException e) {
            throw new PickleException(file + ": " + e.getMessage());
        }
    }

    private Object run() throws PickleException {
        try {
            while (true) {
                int at = pos;
                int op = u8();
                if (op == '.') {
                    if (stack.size() != 1 || !marks.isEmpty()) throw new PickleException("malformed pickle: STOP with " + stack.size() + " values on the stack");
                    return stack.get(0);
                }
                try {
                    step(op);
                } catch (UnsafePickleException e) {
                    throw e;
                } catch (PickleException e) {
                    throw new PickleException(e.getMessage() + " (opcode 0x" + Integer.toHexString(op) + " at byte " + at + ")");
                }
            }
        } catch (IndexOutOfBoundsException | ClassCastException e) {
            throw new PickleException("malformed pickle: " + e.getMessage());
        }
    }

    // ---- opcodes -----------------------------------------------------------------------------

    private void step(int op) throws PickleException {
        switch (op) {
            case 0x80 -> { // PROTO
                int proto = u8();
                if (proto > 5) throw new PickleException("unsupported pickle protocol " + proto);
            }
            case 0x95 -> skipLength(8); // FRAME: framing is transparent to a reader with all bytes
            case '(' -> { marks.add(stack.size()); } // MARK
            case '0' -> { // POP (a MARK on top is popped like a value)
                if (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size()) marks.remove(marks.size() - 1);
                else pop();
            }
            case '1' -> popMark(); // POP_MARK
            case '2' -> push(peek()); // DUP
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) le(4)); // BININT, signed
            case 'K' -> push((long) u8()); // BININT1
            case 'M' -> push((long) (le(2) & 0xFFFF)); // BININT2
            case 0x8a -> push(longBytes(u8())); // LONG1
            case 0x8b -> push(longBytes(length(4))); // LONG4
            case 'I' -> push(textInt(line())); // INT (I01/I00 are True/False)
            case 'L' -> push(textLong(line())); // LONG
            case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
            case 'F' -> push(textFloat(line())); // FLOAT
            case 'X' -> push(utf8(bytes(length(4)))); // BINUNICODE
            case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
            case 0x8d -> push(utf8(bytes(length(8)))); // BINUNICODE8
            case 'V' -> push(rawUnicodeEscape(line())); // UNICODE
            case 'T' -> push(latin1(bytes(length(4)))); // BINSTRING (Python 2 str)
            case 'U' -> push(latin1(bytes(u8()))); // SHORT_BINSTRING (Python 2 str)
            case 'S' -> push(pythonStringLiteral(line())); // STRING
            case 'B' -> push(bytes(length(4))); // BINBYTES
            case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
            case 0x8e -> push(bytes(length(8))); // BINBYTES8
            case 0x96 -> push(bytes(length(8))); // BYTEARRAY8
            case ')' -> push(new PyTuple(List.of())); // EMPTY_TUPLE
            case 't' -> push(new PyTuple(popMark())); // TUPLE
            case 0x85 -> push(tupleOfTop(1));
            case 0x86 -> push(tupleOfTop(2));
            case 0x87 -> push(tupleOfTop(3));
            case ']' -> push(new ArrayList<>()); // EMPTY_LIST
            case 'l' -> push(new ArrayList<>(popMark())); // LIST
            case 'a' -> { Object v = pop(); list(peek()).add(v); } // APPEND
            case 'e' -> { List<Object> items = popMark(); list(peek()).addAll(items); } // APPENDS
            case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
            case 'd' -> push(dictOf(popMark())); // DICT
            case 's' -> { Object v = pop(); Object k = pop(); dict(peek()).put(k, v); } // SETITEM
            case 'u' -> { List<Object> kv = popMark(); putAll(dict(peek()), kv); } // SETITEMS
            case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
            case 0x90 -> { List<Object> items = popMark(); set(peek()).addAll(items); } // ADDITEMS
            case 0x91 -> push(new LinkedHashSet<>(popMark())); // FROZENSET
            case 'p' -> memo.put(Long.parseLong(line().trim()), peek()); // PUT
            case 'q' -> memo.put((long) u8(), peek()); // BINPUT
            case 'r' -> memo.put((long) le(4) & 0xFFFF_FFFFL, peek()); // LONG_BINPUT
            case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
            case 'g' -> push(memoGet(Long.parseLong(line().trim()))); // GET
            case 'h' -> push(memoGet(u8())); // BINGET
            case 'j' -> push(memoGet((long) le(4) & 0xFFFF_FFFFL)); // LONG_BINGET
            case 'c' -> { String module = line(); String name = line(); push(global(module, name)); } // GLOBAL
            case 0x93 -> { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) throw new PickleException("STACK_GLOBAL needs two strings");
                push(global(m, n));
            }
            case 'i' -> { // INST: module, name, then the arguments after MARK
                String module = line();
                String name = line();
                Global g = global(module, name);
                push(instantiate(g, new PyTuple(popMark())));
            }
            case 'o' -> { // OBJ: MARK class args...
                List<Object> items = popMark();
                if (items.isEmpty()) throw new PickleException("OBJ without a class");
                push(instantiate(callable(items.get(0)), new PyTuple(items.subList(1, items.size()))));
            }
            case 'R' -> { Object args = pop(); Object f = pop(); push(call(callable(f), tuple(args))); } // REDUCE
            case 0x81 -> { Object args = pop(); Object cls = pop(); push(instantiate(callable(cls), tuple(args))); } // NEWOBJ
            case 0x92 -> { // NEWOBJ_EX
                Object kwargs = pop();
                Object args = pop();
                Object cls = pop();
                if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty()) throw new PickleException("keyword arguments are not supported");
                push(instantiate(callable(cls), tuple(args)));
            }
            case 'b' -> { Object state = pop(); build(peek(), state); } // BUILD
            case 'P', 'Q' -> throw new PickleException("persistent ids are not supported in FLAME files");
            case 0x82, 0x83, 0x84 -> throw new PickleException("the copyreg extension registry is not supported in FLAME files");
            case 0x97, 0x98 -> throw new PickleException("out-of-band buffers are not supported");
            default -> throw new PickleException("unknown pickle opcode 0x" + Integer.toHexString(op));
        }
    }

    // ---- the allow-listed behaviours -----------------------------------------------------------

    private static Global global(String module, String name) throws UnsafePickleException {
        return new Global(AllowedGlobal.lookup(module, name), module + "." + name);
    }

    private static Global callable(Object o) throws PickleException {
        if (o instanceof Global g) return g;
        throw new PickleException("cannot call a " + NumpyArray.describe(o));
    }

    /** REDUCE: {@code f(*args)} for the allow-listed functions and classes. */
    private Object call(Global f, PyTuple args) throws PickleException {
        switch (f.kind()) {
            case NDARRAY_RECONSTRUCT -> {
                if (args.size() < 1 || !(args.get(0) instanceof Global g) || g.kind() != AllowedGlobal.NDARRAY) {
                    throw new PickleException(f + " may only build numpy.ndarray");
                }
                return new NumpyArray();
            }
            case NDARRAY_FROMBUFFER -> { // protocol 5: (buffer, dtype, shape, order)
                if (args.size() != 4 || !(args.get(3) instanceof String order)) throw new PickleException(f + " needs (buffer, dtype, shape, order)");
                NumpyArray a = new NumpyArray();
                a.setState(PyTuple.of(1L, args.get(2), args.get(1), order.equals("F"), args.get(0)));
                return a;
            }
            case DTYPE -> {
                if (args.size() < 1 || !(args.get(0) instanceof String code)) throw new PickleException("numpy.dtype needs a type code");
                return new NumpyDtype(code);
            }
            case NUMPY_SCALAR -> {
                if (args.size() != 2 || !(args.get(0) instanceof NumpyDtype d)) throw new PickleException("numpy scalar needs (dtype, bytes)");
                byte[] raw = args.get(1) instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) args.get(1);
                if (raw.length != d.itemSize()) throw new PickleException("numpy scalar " + d + " with " + raw.length + " bytes");
                NumpyArray a = new NumpyArray();
                a.setState(PyTuple.of(1L, PyTuple.of(), d, false, raw));
                return d.kind() == 'f' ? (Object) a.doubles()[0] : (Object) a.longs()[0];
            }
            case COPYREG_RECONSTRUCTOR -> {
                if (args.size() != 3 || !(args.get(0) instanceof Global cls) || !(args.get(1) instanceof Global base)
                        || base.kind() != AllowedGlobal.OBJECT || args.get(2) != null) {
                    throw new PickleException("copyreg._reconstructor is accepted only as (class, object, None)");
                }
                return instantiate(cls, PyTuple.of());
            }
            case CODECS_ENCODE -> {
                if (args.size() != 2 || !(args.get(0) instanceof String s) || !(args.get(1) instanceof String enc)
                        || !(enc.equals("latin1") || enc.equals("latin-1") || enc.equals("iso-8859-1"))) {
                    throw new PickleException("_codecs.encode is accepted only as (str, 'latin1')");
                }
                byte[] out = s.getBytes(StandardCharsets.ISO_8859_1);
                if (!new String(out, StandardCharsets.ISO_8859_1).equals(s)) throw new PickleException("_codecs.encode: not a latin-1 string");
                return out;
            }
            default -> {
                return instantiate(f, args);
            }
        }
    }

    /** NEWOBJ / copyreg reconstruction / container constructors: a new, empty (or copied) value. */
    private Object instantiate(Global cls, PyTuple args) throws PickleException {
        Object only = args.size() == 1 ? args.get(0) : null;
        if (args.size() > 1) throw new PickleException(cls + " with " + args.size() + " arguments is not supported");
        return switch (cls.kind()) {
            case CSC_MATRIX -> noArgs(cls, args, new SparseMatrix(true));
            case CSR_MATRIX -> noArgs(cls, args, new SparseMatrix(false));
            case CHUMPY_CH -> noArgs(cls, args, new ChumpyArray());
            case OBJECT -> throw new PickleException("a bare builtins.object is not a FLAME value");
            case DICT -> only == null ? new LinkedHashMap<>() : only instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : dictOfPairs(only);
            case LIST -> only == null ? new ArrayList<>() : new ArrayList<>(items(only));
            case TUPLE -> only == null ? PyTuple.of() : new PyTuple(items(only));
            case SET, FROZENSET -> only == null ? new LinkedHashSet<>() : new LinkedHashSet<>(items(only));
            case BYTES -> {
                if (only == null) yield new byte[0];
                if (only instanceof byte[] b) yield b.clone();
                throw new PickleException("builtins.bytes is accepted only empty or from bytes");
            }
            default -> throw new PickleException(cls + " cannot be instantiated this way");
        };
    }

    private static Object noArgs(Global cls, PyTuple args, Object value) throws PickleException {
        if (args.size() != 0) throw new PickleException(cls + " takes no constructor arguments here");
        return value;
    }

    private static List<Object> items(Object o) throws PickleException {
        if (o instanceof List<?> l) return new ArrayList<>(l);
        if (o instanceof PyTuple t) return t.items();
        if (o instanceof Set<?> s) return new ArrayList<>(s);
        throw new PickleException("expected a list, tuple or set, got " + NumpyArray.describe(o));
    }

    private static Map<Object, Object> dictOfPairs(Object o) throws PickleException {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (Object pair : items(o)) {
            List<Object> kv = items(pair);
            if (kv.size() != 2) throw new PickleException("dict item is not a pair");
            m.put(kv.get(0), kv.get(1));
        }
        return m;
    }

    private static void build(Object target, Object state) throws PickleException {
        if (target instanceof NumpyArray a) a.setState(state);
        else if (target instanceof NumpyDtype d) d.setState(state);
        else if (target instanceof SparseMatrix s) s.setState(state);
        else if (target instanceof ChumpyArray c) c.setState(state);
        else throw new PickleException("BUILD on a " + NumpyArray.describe(target) + " is not supported");
    }

    // ---- stack and memo ------------------------------------------------------------------------

    private void push(Object o) { stack.add(o); }

    private Object pop() throws PickleException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) throw new PickleException("malformed pickle: stack underflow");
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws PickleException {
        if (stack.isEmpty()) throw new PickleException("malformed pickle: empty stack");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws PickleException {
        if (marks.isEmpty()) throw new PickleException("malformed pickle: no MARK");
        int at = marks.remove(marks.size() - 1);
        List<Object> top = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return top;
    }

    private PyTuple tupleOfTop(int n) throws PickleException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) items[i] = pop();
        return new PyTuple(Arrays.asList(items));
    }

    private Object memoGet(long key) throws PickleException {
        if (!memo.containsKey(key)) throw new PickleException("malformed pickle: memo key " + key + " not set");
        return memo.get(key);
    }

    private static PyTuple tuple(Object o) throws PickleException {
        if (o instanceof PyTuple t) return t;
        throw new PickleException("expected an argument tuple, got " + NumpyArray.describe(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws PickleException {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new PickleException("APPEND to a " + NumpyArray.describe(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws PickleException {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw new PickleException("SETITEM on a " + NumpyArray.describe(o));
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> set(Object o) throws PickleException {
        if (o instanceof Set<?> s) return (Set<Object>) s;
        throw new PickleException("ADDITEMS to a " + NumpyArray.describe(o));
    }

    private static Map<Object, Object> dictOf(List<Object> kv) throws PickleException {
        Map<Object, Object> m = new LinkedHashMap<>();
        putAll(m, kv);
        return m;
    }

    private static void putAll(Map<Object, Object> m, List<Object> kv) throws PickleException {
        if (kv.size() % 2 != 0) throw new PickleException("malformed pickle: odd number of dict items");
        for (int i = 0; i < kv.size(); i += 2) m.put(kv.get(i), kv.get(i + 1));
    }

    // ---- raw input -----------------------------------------------------------------------------

    private int u8() throws PickleException {
        if (pos >= in.length) throw new PickleException("truncated pickle (no STOP)");
        return in[pos++] & 0xFF;
    }

    private int le(int n) throws PickleException {
        int v = 0;
        for (int i = 0; i < n; i++) v |= u8() << (8 * i);
        return v;
    }

    /** A little-endian length of n bytes, checked against the bytes left. */
    private int length(int n) throws PickleException {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) u8() << (8 * i);
        if (v < 0 || v > in.length - pos) throw new PickleException("truncated pickle: a value of " + v + " bytes at byte " + pos);
        return (int) v;
    }

    private void skipLength(int n) throws PickleException {
        for (int i = 0; i < n; i++) u8();
    }

    private byte[] bytes(int n) throws PickleException {
        if (n > in.length - pos) throw new PickleException("truncated pickle");
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String line() throws PickleException {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') pos++;
        if (pos >= in.length) throw new PickleException("truncated pickle: unterminated line");
        String s = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return s;
    }

    private static String latin1(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    private static String utf8(byte[] b) throws PickleException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            // Python writes lone surrogates with 'surrogatepass'; keep going with replacement characters.
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static Object longBytes(int n, byte[] b) {
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = b[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object longBytes(int n) throws PickleException {
        return longBytes(n, bytes(n));
    }

    private static Object textInt(String s) throws PickleException {
        String t = s.trim();
        if (t.equals("01")) return Boolean.TRUE;
        if (t.equals("00")) return Boolean.FALSE;
        return textLong(t);
    }

    private static Object textLong(String s) throws PickleException {
        String t = s.trim();
        if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
        try {
            BigInteger v = new BigInteger(t);
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw new PickleException("bad integer '" + s + "'");
        }
    }

    private static double textFloat(String s) throws PickleException {
        String t = s.trim();
        try {
            return switch (t) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(t);
            };
        } catch (NumberFormatException e) {
            throw new PickleException("bad float '" + s + "'");
        }
    }

    /** Protocol 0 STRING: a quoted Python 2 string literal, read as latin-1. */
    private static String pythonStringLiteral(String s) throws PickleException {
        String t = s.strip();
        if (t.length() < 2 || t.charAt(0) != t.charAt(t.length() - 1) || (t.charAt(0) != '\'' && t.charAt(0) != '"')) {
            throw new PickleException("bad STRING literal");
        }
        t = t.substring(1, t.length() - 1);
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '\\' || i + 1 >= t.length()) {
                sb.append(c);
                continue;
            }
            char e = t.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int end = i;
                    while (end < t.length() && end < i + 3 && t.charAt(end) >= '0' && t.charAt(end) <= '7') end++;
                    sb.append((char) Integer.parseInt(t.substring(i, end), 8));
                    i = end - 1;
                }
                case 'x' -> {
                    if (i + 2 >= t.length()) throw new PickleException("bad \\x escape");
                    sb.append((char) Integer.parseInt(t.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> sb.append(e == '\\' || e == '\'' || e == '"' ? String.valueOf(e) : "\\" + e);
            }
        }
        return sb.toString();
    }

    /** Protocol 0 UNICODE: raw-unicode-escape (only backslash-u escapes are special). */
    private static String rawUnicodeEscape(String s) throws PickleException {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                int digits = s.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits > s.length()) throw new PickleException("bad unicode escape");
                sb.appendCodePoint(Integer.parseInt(s.substring(i + 2, i + 2 + digits), 16));
                i += 1 + digits;
            } else {
                sb.append(c);
            }
        }
        // The line was decoded as latin-1; raw-unicode-escape's other bytes are latin-1 too.
        return sb.toString();
    }
}
