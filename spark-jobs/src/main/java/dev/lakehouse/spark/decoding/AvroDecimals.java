package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;

/** A generic Avro decimal (bytes or fixed: the two's-complement unscaled value) as the amount it stands for. */
final class AvroDecimals {
    private AvroDecimals() {}

    static BigDecimal value(Object v, LogicalTypes.Decimal d, String path) {
        byte[] bytes;
        if (v instanceof ByteBuffer bb) {
            ByteBuffer dup = bb.duplicate(); // the record keeps its buffer's position
            bytes = new byte[dup.remaining()];
            dup.get(bytes);
        } else {
            bytes = ((GenericData.Fixed) v).bytes();
        }
        if (bytes.length == 0) {
            throw new RejectedRecordException(RejectReason.INVALID_AVRO, path + ": a decimal with no bytes");
        }
        return new BigDecimal(new BigInteger(bytes), d.getScale());
    }
}
