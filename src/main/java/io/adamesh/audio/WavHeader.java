package io.adamesh.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Reads just enough of a RIFF/WAVE header to know how much audio the file claims to hold. */
final class WavHeader {
    private WavHeader() {
    }

    /** Seconds declared by the data chunk of a WAV file, or 0 if it is not a (parsable) WAV. */
    static double declaredSeconds(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(head, 0) < 12 || head.getInt(0) != 0x46464952 || head.getInt(8) != 0x45564157) {
                return 0; // not "RIFF" ... "WAVE"
            }
            long pos = 12;
            int byteRate = 0;
            ByteBuffer chunk = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            while (pos + 8 <= ch.size()) {
                chunk.clear();
                ch.read(chunk, pos);
                int id = chunk.getInt(0);
                long size = Integer.toUnsignedLong(chunk.getInt(4));
                if (id == 0x20746d66 && chunk.position() >= 16) { // "fmt "
                    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                    ch.read(fmt, pos + 8);
                    byteRate = fmt.getInt(8);
                } else if (id == 0x61746164) { // "data"
                    return byteRate > 0 && size != 0xFFFFFFFFL ? size / (double) byteRate : 0;
                }
                pos += 8 + size + (size & 1);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
