package io.conversion.sync.salesforce;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Salesforce Contact as we create it, optionally under an Account. */
public class SfContact extends SfPerson {

    private String accountId;

    public SfContact() {
        super("Contact");
    }

    @JsonProperty("AccountId")
    public String getAccountId() {
        return accountId;
    }

    @JsonProperty("AccountId")
    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }
}
