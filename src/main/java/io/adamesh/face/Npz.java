package io.adamesh.face;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npy} arrays and {@code .npz} archives (a zip of {@code name.npy}).
 * Supports little-endian {@code f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1} and {@code <U} strings, C order.
 * Writing is deterministic (fixed entry times, sorted by insertion) and atomic (temp file + rename).
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final long FIXED_TIME = 315532800000L + 86400000L; // 1980-01-02, valid in DOS time

    private Npz() {}

    /** Reads every array of an {@code .npz}; the message of any failure names the file and the entry. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": file not found");
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.endsWith(".npy")) continue;
                String key = name.substring(0, name.length() - 4);
                try {
                    out.put(key, readNpy(zip.readAllBytes()));
                } catch (IOException | RuntimeException ex) {
                    throw new IOException(file + ": array '" + key + "' is unreadable: " + ex.getMessage(), ex);
                }
            }
        } catch (ZipException ex) {
            throw new IOException(file + ": not a valid .npz archive (" + ex.getMessage() + ")", ex);
        } catch (java.io.EOFException ex) {
            throw new IOException(file + ": truncated .npz archive", ex);
        }
        if (out.isEmpty()) throw new IOException(file + ": not a valid .npz archive (no .npy entries)");
        return out;
    }

    /** Writes arrays as an {@code .npz} atomically: a temp file beside the target, then a rename. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        io.adamesh.files.AtomicFiles.write(file, os -> {
            ZipOutputStream zip = new ZipOutputStream(os);
            zip.setLevel(9);
            for (Map.Entry<String, NpyArray> en : arrays.entrySet()) {
                ZipEntry ze = new ZipEntry(en.getKey() + ".npy");
                ze.setTime(FIXED_TIME);
                zip.putNextEntry(ze);
                zip.write(toNpy(en.getValue()));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Parses one {@code .npy} payload. */
    /** The header of an {@code .npy} payload: dtype, order, shape and where the data starts. */
    public record NpyHeader(String descr, boolean fortranOrder, int[] shape, int dataOffset) {}

    /** Parses the magic, version and header dictionary of an {@code .npy} payload. */
    public static NpyHeader readHeader(byte[] bytes) throws IOException {
        if (bytes.length < 10) throw new IOException("too short for .npy");
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) throw new IOException("missing .npy magic");
        }
        int major = bytes[6] & 0xFF;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            offset = 12;
        } else {
            throw new IOException("unsupported .npy version " + major);
        }
        if (headerLen < 0 || offset + headerLen > bytes.length) throw new IOException("truncated .npy header");
        String header = new String(bytes, offset, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(header);
        Matcher mf = FORTRAN.matcher(header);
        Matcher ms = SHAPE.matcher(header);
        if (!md.find() || !mf.find() || !ms.find()) throw new IOException("malformed .npy header: " + header.strip());
        List<Integer> dims = new ArrayList<>();
        for (String p : ms.group(1).split(",")) {
            if (!p.isBlank()) dims.add(Integer.parseInt(p.strip()));
        }
        return new NpyHeader(md.group(1), mf.group(1).equals("True"),
                dims.stream().mapToInt(Integer::intValue).toArray(), offset + headerLen);
    }

    public static NpyArray readNpy(byte[] bytes) throws IOException {
        NpyHeader h = readHeader(bytes);
        String descr = h.descr();
        boolean fortran = h.fortranOrder();
        int[] shape = h.shape();
        long count = 1;
        for (int d : shape) count *= d;
        if (count > Integer.MAX_VALUE) throw new IOException("array too large: " + java.util.Arrays.toString(shape));
        int n = (int) count;
        int data = h.dataOffset();
        List<Integer> dims = java.util.Arrays.stream(shape).boxed().toList();
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        char order = descr.charAt(0);
        if (order == '>') throw new IOException("big-endian arrays are not supported (" + descr + ")");
        String type = descr.substring(1);
        int itemSize = type.startsWith("U") ? 4 * Integer.parseInt(type.substring(1)) : Integer.parseInt(type.substring(1));
        long needed = (long) n * itemSize;
        if (data + needed > bytes.length) {
            throw new IOException("truncated data: " + descr + " " + dims + " needs " + needed + " bytes, has " + (bytes.length - data));
        }
        bb.position(data);
        NpyArray arr;
        switch (type.charAt(0)) {
            case 'f' -> {
                float[] f = new float[n];
                if (itemSize == 4) for (int i = 0; i < n; i++) f[i] = bb.getFloat();
                else if (itemSize == 8) for (int i = 0; i < n; i++) f[i] = (float) bb.getDouble();
                else throw new IOException("unsupported float width " + descr);
                arr = NpyArray.ofFloats(f, shape);
            }
            case 'u' -> {
                if (itemSize == 1) {
                    byte[] b = new byte[n];
                    bb.get(b);
                    arr = NpyArray.ofBytes(b, shape);
                    break;
                }
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = switch (itemSize) {
                        case 2 -> bb.getShort() & 0xFFFFL;
                        case 4 -> bb.getInt() & 0xFFFF_FFFFL;
                        case 8 -> bb.getLong();
                        default -> throw new IOException("unsupported integer width " + descr);
                    };
                }
                arr = NpyArray.ofInts(l, shape);
            }
            case 'i', 'b' -> {
                boolean unsigned = type.charAt(0) != 'i';
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = switch (itemSize) {
                        case 1 -> unsigned ? bb.get() & 0xFFL : bb.get();
                        case 2 -> unsigned ? bb.getShort() & 0xFFFFL : bb.getShort();
                        case 4 -> unsigned ? bb.getInt() & 0xFFFF_FFFFL : bb.getInt();
                        case 8 -> bb.getLong();
                        default -> throw new IOException("unsupported integer width " + descr);
                    };
                }
                arr = NpyArray.ofInts(l, shape);
            }
            case 'U' -> {
                int chars = itemSize / 4;
                String[] s = new String[n];
                for (int i = 0; i < n; i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int c = 0; c < chars; c++) {
                        int cp = bb.getInt();
                        if (cp != 0) sb.appendCodePoint(cp);
                    }
                    s[i] = sb.toString();
                }
                arr = NpyArray.ofStrings(s, shape);
            }
            default -> throw new IOException("unsupported dtype " + descr);
        }
        return fortran && shape.length > 1 ? toCOrder(arr) : arr;
    }

    private static NpyArray toCOrder(NpyArray a) {
        int[] shape = a.shape();
        int n = a.size();
        int[] cIndex = new int[n];
        int[] idx = new int[shape.length];
        for (int f = 0; f < n; f++) {
            // f enumerates Fortran order: first index fastest.
            int c = 0;
            for (int d = 0; d < shape.length; d++) c = c * shape[d] + idx[d];
            cIndex[f] = c;
            for (int d = 0; d < shape.length; d++) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return switch (a.kind()) {
            case FLOAT -> {
                float[] src = a.floats();
                float[] dst = new float[n];
                for (int i = 0; i < n; i++) dst[cIndex[i]] = src[i];
                yield NpyArray.ofFloats(dst, shape);
            }
            case INT -> {
                long[] src = a.rawInts();
                long[] dst = new long[n];
                for (int i = 0; i < n; i++) dst[cIndex[i]] = src[i];
                yield NpyArray.ofInts(dst, shape);
            }
            case BYTE -> {
                byte[] src = a.bytes();
                byte[] dst = new byte[n];
                for (int i = 0; i < n; i++) dst[cIndex[i]] = src[i];
                yield NpyArray.ofBytes(dst, shape);
            }
            case STRING -> {
                List<String> src = a.strings();
                String[] dst = new String[n];
                for (int i = 0; i < n; i++) dst[cIndex[i]] = src.get(i);
                yield NpyArray.ofStrings(dst, shape);
            }
        };
    }

    /** Serialises one array as {@code .npy} version 1.0 (floats as {@code <f4}, ints as {@code <i4} or {@code <i8}). */
    public static byte[] toNpy(NpyArray a) {
        String descr;
        int item;
        long[] ints = a.kind() == NpyArray.Kind.INT ? a.rawInts() : null;
        int maxChars = 1;
        switch (a.kind()) {
            case FLOAT -> { descr = "<f4"; item = 4; }
            case BYTE -> { descr = "|u1"; item = 1; }
            case INT -> {
                boolean fits = true;
                for (long v : ints) if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) { fits = false; break; }
                descr = fits ? "<i4" : "<i8";
                item = fits ? 4 : 8;
            }
            default -> {
                for (String s : a.strings()) maxChars = Math.max(maxChars, s.codePointCount(0, s.length()));
                descr = "<U" + maxChars;
                item = 4 * maxChars;
            }
        }
        StringBuilder shape = new StringBuilder("(");
        int[] dims = a.shape();
        for (int i = 0; i < dims.length; i++) {
            shape.append(dims[i]);
            if (dims.length == 1 || i < dims.length - 1) shape.append(", ");
        }
        shape.append(")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape.toString().replace(", )", ",)") + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream bos = new ByteArrayOutputStream(10 + header.length() + a.size() * item);
        bos.writeBytes(MAGIC);
        bos.write(1);
        bos.write(0);
        bos.write(header.length() & 0xFF);
        bos.write((header.length() >> 8) & 0xFF);
        bos.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer bb = ByteBuffer.allocate(a.size() * item).order(ByteOrder.LITTLE_ENDIAN);
        switch (a.kind()) {
            case FLOAT -> { for (float v : a.floats()) bb.putFloat(v); }
            case BYTE -> bb.put(a.bytes());
            case INT -> { for (long v : ints) { if (item == 4) bb.putInt((int) v); else bb.putLong(v); } }
            case STRING -> {
                for (String s : a.strings()) {
                    int written = 0;
                    for (int cp : s.codePoints().toArray()) { bb.putInt(cp); written++; }
                    for (; written < maxChars; written++) bb.putInt(0);
                }
            }
        }
        bos.writeBytes(bb.array());
        return bos.toByteArray();
    }
}
