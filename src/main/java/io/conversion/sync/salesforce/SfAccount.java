package io.conversion.sync.salesforce;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Salesforce Account as we create it: its name and the website its contacts are matched on. */
public class SfAccount extends SfRecord {

    private String website;

    public SfAccount() {
        super("Account");
    }

    public SfAccount(String name, String website) {
        this();
        setName(name);
        this.website = website;
    }

    @JsonProperty("Website")
    public String getWebsite() {
        return website;
    }

    @JsonProperty("Website")
    public void setWebsite(String website) {
        this.website = website;
    }
}
