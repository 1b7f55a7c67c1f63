package dev.lakehouse.contracts.decoding;

/**
 * The Confluent wire frame around an Avro record: magic byte 0, the 4-byte big-endian schema
 * id, then the Avro binary body. Parsing never allocates more than this small object.
 */
public final class ConfluentFrame {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private final byte[] value;
    private final int schemaId;

    private ConfluentFrame(byte[] value, int schemaId) {
        this.value = value;
        this.schemaId = schemaId;
    }

    /**
     * @throws RejectedRecordException TOMBSTONE (null), EMPTY_VALUE (0 bytes), NOT_AVRO (1..4
     *     bytes, or no magic byte)
     */
    public static ConfluentFrame parse(byte[] value) {
        if (value == null) {
            throw new RejectedRecordException(RejectReason.TOMBSTONE, "value is null");
        }
        if (value.length == 0) {
            throw new RejectedRecordException(RejectReason.EMPTY_VALUE, "value has 0 bytes");
        }
        if (value.length < HEADER_LENGTH) {
            throw new RejectedRecordException(
                    RejectReason.NOT_AVRO,
                    "value has " + value.length + " bytes, fewer than the 5 of the schema-id frame");
        }
        if (value[0] != MAGIC_BYTE) {
            throw new RejectedRecordException(
                    RejectReason.NOT_AVRO,
                    "first byte is " + value[0] + ", not the magic byte 0 of a registry-framed Avro record");
        }
        int id = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
        return new ConfluentFrame(value, id);
    }

    /** The frame's schema id, or null when the value has no Confluent frame (for quarantine rows). */
    public static Integer schemaIdOrNull(byte[] value) {
        if (value == null || value.length < HEADER_LENGTH || value[0] != MAGIC_BYTE) {
            return null;
        }
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }

    /** The frame around an Avro body: the magic byte, the schema id, the body (the encoding side of {@link #parse}). */
    public static byte[] frame(int schemaId, byte[] body) {
        byte[] out = new byte[HEADER_LENGTH + body.length];
        out[0] = MAGIC_BYTE;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
        System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
        return out;
    }

    public int schemaId() {
        return schemaId;
    }

    /** Offset of the Avro body in {@link #value()}. */
    public int bodyOffset() {
        return HEADER_LENGTH;
    }

    public int bodyLength() {
        return value.length - HEADER_LENGTH;
    }

    /** The whole framed value, not copied. */
    public byte[] value() {
        return value;
    }

    /** A bounded decoder over the Avro body. */
    public BoundedBinaryDecoder bodyDecoder() {
        return new BoundedBinaryDecoder(value, HEADER_LENGTH, value.length - HEADER_LENGTH);
    }
}
