package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject.Target;

/**
 * Provenance of one mapped field of one Conversion record (a row of {@code field_state}): the last Salesforce value
 * the service saw and when Salesforce committed it, when Conversion last changed the field, and who made the value
 * the record holds now. The sync modes decide from it ({@link SyncMode#inboundApplies}, {@link SyncMode#outboundSends})
 * without reading Salesforce.
 *
 * @param sfValue the last Salesforce value seen (null: empty or never seen)
 * @param sfChangedAt Salesforce commit time (epoch ms) of the last change of the field seen, null if none
 * @param conversionChangedAt time (epoch ms) of the field's last Conversion change, null if none
 * @param lastSource who made the record's current value, null if neither did since the field was mapped
 * @param lastChangedAt when that was (epoch ms)
 */
public record FieldState(Target target, long targetId, String conversionField, String sfValue, Long sfChangedAt,
        Long conversionChangedAt, Source lastSource, Long lastChangedAt) {

    /** Which system made a field's current Conversion value. */
    public enum Source {
        SALESFORCE, CONVERSION
    }

    /** A field nothing is known about yet. */
    public static FieldState empty(Target target, long targetId, String conversionField) {
        return new FieldState(target, targetId, conversionField, null, null, null, null, null);
    }

    /**
     * This field after Salesforce committed {@code value} at {@code changedAt}; {@code applied}: the value was
     * written to the Conversion record (its mode allowed it).
     */
    public FieldState salesforceSeen(String value, long changedAt, boolean applied) {
        return new FieldState(target, targetId, conversionField, value, changedAt, conversionChangedAt,
                applied ? Source.SALESFORCE : lastSource, applied ? Long.valueOf(changedAt) : lastChangedAt);
    }

    /** This field after a Conversion change at {@code changedAt} was written to the record. */
    public FieldState conversionChanged(long changedAt) {
        return new FieldState(target, targetId, conversionField, sfValue, sfChangedAt, changedAt, Source.CONVERSION,
                changedAt);
    }

    /** This field after the value was sent to Salesforce: it is now the last Salesforce value seen there. */
    public FieldState sentToSalesforce(String value, long sentAt) {
        return new FieldState(target, targetId, conversionField, value, sentAt, conversionChangedAt, lastSource,
                lastChangedAt);
    }
}
