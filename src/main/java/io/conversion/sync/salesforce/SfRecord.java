package io.conversion.sync.salesforce;

import org.apache.camel.component.salesforce.api.dto.AbstractDescribedSObjectBase;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;

/**
 * Base of our hand-written Salesforce DTOs. sObject Collections need every record to carry {@code attributes.type},
 * and the Camel processor casts the body to {@code List<AbstractDescribedSObjectBase>}.
 */
public abstract class SfRecord extends AbstractDescribedSObjectBase {

    protected SfRecord(String type) {
        getAttributes().setType(type);
    }

    @Override
    public SObjectDescription description() {
        SObjectDescription d = new SObjectDescription();
        d.setName(getAttributes().getType());
        return d;
    }
}
