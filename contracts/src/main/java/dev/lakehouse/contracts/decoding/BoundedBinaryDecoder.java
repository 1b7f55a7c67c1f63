package dev.lakehouse.contracts.decoding;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding over one record's bytes that no record can turn into a huge allocation
 * or a silent corruption.
 *
 * <p>Avro's own BinaryDecoder trusts declared lengths: a 7-byte record declaring a 2 GB string
 * makes it allocate 2 GB (or throw UnsupportedOperationException), and it replaces bytes that
 * are not UTF-8 without a word. Here every declared length and block count is checked against
 * the bytes that remain in the record BEFORE anything is allocated, and every failure is a
 * {@link RejectedRecordException} carrying its {@link RejectReason}:
 * <ul>
 *   <li>EOF in a fixed-size read or a varint: TRUNCATED;</li>
 *   <li>a length or count that is negative or larger than what remains: LENGTH_BEYOND_RECORD;</li>
 *   <li>string bytes that are not UTF-8 (strict decoder, REPORT): INVALID_UTF8;</li>
 *   <li>an overlong varint, a boolean byte other than 0/1, an int that does not fit: INVALID_AVRO.</li>
 * </ul>
 * Use it with {@code GenericDatumReader}/{@code SpecificDatumReader} ({@code reader.read(null,
 * decoder)} wraps it in a ResolvingDecoder itself) and call {@link #isEnd()} afterwards to find
 * trailing bytes. Only the Decoder API that Avro 1.11 and 1.12 both have is used, since the app
 * and the Spark jobs compile this with different Avro versions. Not thread-safe: one per record.
 */
public final class BoundedBinaryDecoder extends Decoder {

    /**
     * Block counts up to this many items are allowed whatever remains. An item of a zero-width
     * type (null, an empty record) takes 0 bytes, so an array of 1,000 nulls in a 3-byte record
     * is valid Avro and its count cannot be bounded by the bytes remaining; above this cap a
     * count must be backed by that many remaining bytes (every item of a non-zero-width type
     * takes at least one byte), which bounds the allocation of the array to the record's size.
     */
    static final int ZERO_WIDTH_ITEM_CAP = 4096;

    private final byte[] buf;
    private final int start;
    private final int limit;
    private int pos;
    /**
     * Items granted over all blocks of this record. Every item of a non-zero-width type takes a
     * byte, so a valid record never has more items than bytes; zero-width items are allowed up
     * to {@link #ZERO_WIDTH_ITEM_CAP} more. Without this total, many small block headers each
     * granting 4,096 null items would still add up to an unbounded array.
     */
    private long itemsGranted;

    private CharsetDecoder utf8;

    public BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " outside " + buf.length + " bytes");
        }
        this.buf = buf;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
    }

    public BoundedBinaryDecoder(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** True when every byte of the slice was read; false means trailing bytes. */
    public boolean isEnd() {
        return pos == limit;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return limit - pos;
    }

    /** Bytes read so far, from the start of the slice. */
    public int position() {
        return pos - start;
    }

    @Override
    public void readNull() {
        // zero bytes
    }

    @Override
    public boolean readBoolean() {
        need(1, "boolean");
        byte b = buf[pos++];
        if (b == 0) {
            return false;
        }
        if (b == 1) {
            return true;
        }
        throw new RejectedRecordException(
                RejectReason.INVALID_AVRO, "boolean byte " + b + " at " + (position() - 1) + " is neither 0 nor 1");
    }

    @Override
    public int readInt() {
        int at = position();
        long raw = readVarint(5, "int");
        if ((raw & ~0xFFFFFFFFL) != 0) {
            throw new RejectedRecordException(
                    RejectReason.INVALID_AVRO, "int varint at " + at + " does not fit 32 bits");
        }
        int n = (int) raw;
        return (n >>> 1) ^ -(n & 1);
    }

    @Override
    public long readLong() {
        long n = readVarint(10, "long");
        return (n >>> 1) ^ -(n & 1);
    }

    /** Unsigned base-128 varint of at most {@code maxBytes} bytes (the zig-zag encoded value). */
    private long readVarint(int maxBytes, String what) {
        int at = position();
        long result = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= limit) {
                throw new RejectedRecordException(
                        RejectReason.TRUNCATED, "record ends inside the " + what + " varint at " + at);
            }
            int b = buf[pos++] & 0xff;
            if (i == 9 && b > 1) {
                throw new RejectedRecordException(
                        RejectReason.INVALID_AVRO, what + " varint at " + at + " overflows 64 bits");
            }
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new RejectedRecordException(
                RejectReason.INVALID_AVRO, what + " varint at " + at + " is longer than " + maxBytes + " bytes");
    }

    @Override
    public float readFloat() {
        need(4, "float");
        int bits = (buf[pos] & 0xff)
                | ((buf[pos + 1] & 0xff) << 8)
                | ((buf[pos + 2] & 0xff) << 16)
                | ((buf[pos + 3] & 0xff) << 24);
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() {
        need(8, "double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) {
        int length = declaredLength("string");
        checkUtf8(length);
        byte[] bytes = new byte[length];
        System.arraycopy(buf, pos, bytes, 0, length);
        pos += length;
        return new Utf8(bytes);
    }

    @Override
    public String readString() {
        int length = declaredLength("string");
        String text = checkUtf8(length).toString();
        pos += length;
        return text;
    }

    @Override
    public void skipString() {
        // Skipped strings (writer-only fields) are checked too: bytes that are not UTF-8 in a
        // field nobody reads today are still a record that breaks the contract.
        int length = declaredLength("string");
        checkUtf8(length);
        pos += length;
    }

    private CharBuffer checkUtf8(int length) {
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(buf, pos, length));
        } catch (CharacterCodingException e) {
            throw new RejectedRecordException(
                    RejectReason.INVALID_UTF8,
                    "string of " + length + " bytes at " + position() + " is not valid UTF-8 ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) {
        int length = declaredLength("bytes");
        // A new buffer every time: reusing the caller's would tie one record's value to the next.
        ByteBuffer result = ByteBuffer.allocate(length);
        result.put(buf, pos, length);
        result.flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() {
        int length = declaredLength("bytes");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int offset, int length) {
        need(length, "fixed");
        System.arraycopy(buf, pos, bytes, offset, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) {
        need(length, "fixed");
        pos += length;
    }

    @Override
    public int readEnum() {
        // The symbol count is the schema's; the resolving reader rejects an index beyond it.
        return readInt();
    }

    @Override
    public int readIndex() {
        // Likewise for the union branch: the resolving reader knows how many there are.
        return readInt();
    }

    @Override
    public long readArrayStart() {
        return readBlockCount("array");
    }

    @Override
    public long arrayNext() {
        return readBlockCount("array");
    }

    @Override
    public long skipArray() {
        return skipBlocks("array");
    }

    @Override
    public long readMapStart() {
        return readBlockCount("map");
    }

    @Override
    public long mapNext() {
        return readBlockCount("map");
    }

    @Override
    public long skipMap() {
        return skipBlocks("map");
    }

    /**
     * A block header: a count, and when the count is negative its absolute value followed by the
     * block's size in bytes. Returns the item count, checked before the reader allocates for it.
     */
    private long readBlockCount(String what) {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new RejectedRecordException(
                        RejectReason.LENGTH_BEYOND_RECORD, what + " block count " + count + " cannot be negated");
            }
            count = -count;
            long size = readLong();
            if (size < 0 || size > remaining()) {
                throw beyond(what + " block size", size);
            }
        }
        grant(count, what);
        return count;
    }

    /**
     * Skips whole blocks whose byte size is given; returns the count of the first block that
     * must be skipped item by item (0 at the end), as Avro's BinaryDecoder does.
     */
    private long skipBlocks(String what) {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                grant(count, what);
                return count;
            }
            if (count == Long.MIN_VALUE) {
                throw new RejectedRecordException(
                        RejectReason.LENGTH_BEYOND_RECORD, what + " block count " + count + " cannot be negated");
            }
            long size = readLong();
            if (size < 0 || size > remaining()) {
                throw beyond(what + " block size", size);
            }
            pos += (int) size;
        }
    }

    private void grant(long count, String what) {
        if (count > Math.max(remaining(), ZERO_WIDTH_ITEM_CAP)) {
            throw beyond(what + " block count", count);
        }
        itemsGranted += count;
        if (itemsGranted > (long) (limit - start) + ZERO_WIDTH_ITEM_CAP) {
            throw new RejectedRecordException(
                    RejectReason.LENGTH_BEYOND_RECORD,
                    what + " items add up to " + itemsGranted + ", more than a record of " + (limit - start)
                            + " bytes can hold");
        }
    }

    /** A declared length (string, bytes) in [0, remaining], checked before anything is allocated. */
    private int declaredLength(String what) {
        long length = readLong();
        if (length < 0 || length > remaining()) {
            throw beyond(what + " length", length);
        }
        return (int) length;
    }

    private RejectedRecordException beyond(String what, long declared) {
        return new RejectedRecordException(
                RejectReason.LENGTH_BEYOND_RECORD,
                what + " " + declared + " at " + position() + " is negative or beyond the " + remaining()
                        + " bytes remaining");
    }

    private void need(int bytes, String what) {
        if (bytes > remaining()) {
            throw new RejectedRecordException(
                    RejectReason.TRUNCATED,
                    "record ends inside a " + what + " at " + position() + ": " + bytes + " bytes needed, "
                            + remaining() + " left");
        }
    }
}
