package dev.lakehouse.contracts.privacy;

import java.util.Set;

/**
 * The fields of the event contracts that identify a person: the generator seals them with the data subject's key
 * ({@link SealedValues}), silver opens them only to turn them into keyed tokens or network prefixes, and the erasure
 * proof searches every copy for their values. One list, so that a new personal field is protected everywhere at
 * once (docs/privacy.md lists where each one lives).
 */
public final class PersonalFields {

    /** Avro field names, wherever they occur in a record (payload branches, the session context). */
    public static final Set<String> NAMES = Set.of("email", "first_name", "last_name", "ip_address");

    private PersonalFields() {}
}
