package io.conversion.sync.salesforce;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Salesforce Lead as we create it. Company is required by Salesforce. */
public class SfLead extends SfPerson {

    private String company;

    public SfLead() {
        super("Lead");
    }

    @JsonProperty("Company")
    public String getCompany() {
        return company;
    }

    @JsonProperty("Company")
    public void setCompany(String company) {
        this.company = company;
    }
}
