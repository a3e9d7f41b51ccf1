package io.conversion.sync.emulator;

import org.apache.camel.component.salesforce.api.dto.AbstractQueryRecordsBase;

/** Query result DTO for {@link TestLead}. */
public class QueryRecordsTestLead extends AbstractQueryRecordsBase<TestLead> {
}
