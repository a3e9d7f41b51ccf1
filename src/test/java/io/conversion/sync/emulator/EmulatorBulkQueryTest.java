package io.conversion.sync.emulator;

import io.conversion.sync.emulator.WireClient.Resp;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk API 2.0 query jobs, on the wire (java.net.http) and through camel-salesforce 4.17.0's bulk2 operations. */
class EmulatorBulkQueryTest extends EmulatorWireTestBase {

    private String createJob(String operation, String soql, String extra) throws Exception {
        Resp r = wire.rest("POST", "/jobs/query", "{\"operation\":\"" + operation + "\",\"query\":\"" + soql + "\"" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asText();
    }

    private String pollUntilComplete(String id) throws Exception {
        String state = null;
        for (int i = 0; i < 5 && !"JobComplete".equals(state); i++) state = wire.rest("GET", "/jobs/query/" + id, null).json().get("state").asText();
        return state;
    }

    @Test
    void query_job_moves_from_upload_complete_through_in_progress_to_job_complete() throws Exception {
        emu.org().create("Lead", Map.of("LastName", "Doe", "Company", "Acme"));
        Resp created = wire.rest("POST", "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().get("id").asText()).startsWith("750").hasSize(18);
        assertThat(created.json().get("state").asText()).isEqualTo("UploadComplete");
        assertThat(created.json().get("object").asText()).isEqualTo("Lead");
        assertThat(created.json().get("contentType").asText()).isEqualTo("CSV");
        assertThat(created.json().get("columnDelimiter").asText()).isEqualTo("COMMA");
        assertThat(created.json().get("lineEnding").asText()).isEqualTo("LF");
        assertThat(created.json().get("createdDate").asText()).isEqualTo("2026-11-28T14:40:00.000+0000");
        String id = created.json().get("id").asText();

        Resp early = wire.rest("GET", "/jobs/query/" + id + "/results", null);
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().get(0).get("errorCode").asText()).isEqualTo("INVALIDJOBSTATE");
        assertThat(early.json().get(0).has("fields")).as("Bulk errors are {errorCode, message}").isFalse();

        Resp first = wire.rest("GET", "/jobs/query/" + id, null);
        assertThat(first.json().get("state").asText()).isEqualTo("InProgress");
        assertThat(first.json().get("jobType").asText()).isEqualTo("V2Query");
        Resp second = wire.rest("GET", "/jobs/query/" + id, null);
        assertThat(second.json().get("state").asText()).isEqualTo("JobComplete");
        assertThat(second.json().get("numberRecordsProcessed").asInt()).isEqualTo(1);
    }

    @Test
    void results_are_salesforce_csv_pages_linked_by_locator_until_the_literal_null() throws Exception {
        for (int i = 0; i < 5; i++) {
            emu.org().create("Lead", Map.of("FirstName", "F" + i, "LastName", "L" + i, "Company", "Acme", "Email", "l" + i + "@acme.com",
                    "NumberOfEmployees", 10 + i));
        }
        String id = createJob("query", "SELECT Id, firstname, LastName, Email, IsConverted, CreatedDate, NumberOfEmployees, Title FROM Lead ORDER BY LastName DESC", "");
        assertThat(pollUntilComplete(id)).isEqualTo("JobComplete");
        List<String> rows = new ArrayList<>();
        String locator = null;
        int pages = 0;
        do {
            Resp page = wire.rest("GET", "/jobs/query/" + id + "/results?maxRecords=2" + (locator == null ? "" : "&locator=" + locator), null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/csv");
            assertThat(page.header("Sforce-Limit-Info")).startsWith("api-usage=");
            String[] lines = page.body().split("\n", -1);
            assertThat(lines[0]).as("every page starts with the header row, canonical field names")
                    .isEqualTo("\"Id\",\"FirstName\",\"LastName\",\"Email\",\"IsConverted\",\"CreatedDate\",\"NumberOfEmployees\",\"Title\"");
            assertThat(lines[lines.length - 1]).isEmpty();
            int n = lines.length - 2;
            assertThat(page.header("Sforce-NumberOfRecords")).isEqualTo(String.valueOf(n));
            rows.addAll(List.of(lines).subList(1, lines.length - 1));
            locator = page.header("Sforce-Locator");
            pages++;
        } while (!"null".equals(locator));
        assertThat(pages).isEqualTo(3);
        assertThat(rows).hasSize(5);
        String l4 = emu.org().all("Lead").stream().filter(r -> r.get("LastName").equals("L4")).findFirst().orElseThrow().get("Id").toString();
        assertThat(rows.get(0)).isEqualTo("\"" + l4 + "\",\"F4\",\"L4\",\"l4@acme.com\",\"false\",\"2026-11-28T14:40:00.000Z\",\"14\",\"\"");
        assertThat(emu.usage().count("bulk2.query.results")).isEqualTo(3);
        assertThat(emu.usage().count("bulk2.query.get")).isEqualTo(2);
        assertThat(emu.usage().count("bulk2.query.create")).isEqualTo(1);
    }

    @Test
    void values_with_quotes_delimiters_and_line_breaks_are_quoted_and_delimiter_and_line_ending_follow_the_job() throws Exception {
        emu.org().create("Account", Map.of("Name", "O\"Neil | Sons, Ltd", "Description", "two\nlines"));
        String id = createJob("query", "SELECT Name, Description, Website FROM Account", ",\"columnDelimiter\":\"PIPE\",\"lineEnding\":\"CRLF\"");
        pollUntilComplete(id);
        Resp page = wire.rest("GET", "/jobs/query/" + id + "/results", null);
        assertThat(page.body()).isEqualTo("\"Name\"|\"Description\"|\"Website\"\r\n\"O\"\"Neil | Sons, Ltd\"|\"two\nlines\"|\"\"\r\n");
        assertThat(page.header("Sforce-Locator")).isEqualTo("null");
        assertThat(page.header("Sforce-NumberOfRecords")).isEqualTo("1");
    }

    @Test
    void query_all_job_includes_deleted_and_merged_records_and_query_job_does_not() throws Exception {
        String keep = emu.org().create("Lead", Map.of("LastName", "Keep", "Company", "Acme"));
        String gone = emu.org().create("Lead", Map.of("LastName", "Gone", "Company", "Acme"));
        emu.org().merge("Lead", keep, List.of(gone), Map.of());
        String all = createJob("queryAll", "SELECT Id, IsDeleted, MasterRecordId FROM Lead ORDER BY LastName", "");
        String live = createJob("query", "SELECT Id FROM Lead", "");
        pollUntilComplete(all);
        pollUntilComplete(live);
        assertThat(wire.rest("GET", "/jobs/query/" + all + "/results", null).body())
                .isEqualTo("\"Id\",\"IsDeleted\",\"MasterRecordId\"\n\"" + gone + "\",\"true\",\"" + keep + "\"\n\"" + keep + "\",\"false\",\"\"\n");
        assertThat(wire.rest("GET", "/jobs/query/" + live + "/results", null).body()).isEqualTo("\"Id\"\n\"" + keep + "\"\n");
    }

    @Test
    void results_are_the_records_as_of_job_creation() throws Exception {
        String lead = emu.org().create("Lead", Map.of("LastName", "Before", "Company", "Acme"));
        String id = createJob("query", "SELECT LastName FROM Lead", "");
        emu.org().update("Lead", lead, Map.of("LastName", "After"));
        emu.org().create("Lead", Map.of("LastName", "Later", "Company", "Acme"));
        pollUntilComplete(id);
        assertThat(wire.rest("GET", "/jobs/query/" + id + "/results", null).body()).isEqualTo("\"LastName\"\n\"Before\"\n");
    }

    @Test
    void aborted_job_has_no_results_cannot_be_aborted_twice_and_is_deleted() throws Exception {
        String id = createJob("query", "SELECT Id FROM Contact", "");
        Resp aborted = wire.rest("PATCH", "/jobs/query/" + id, "{\"state\":\"Aborted\"}");
        assertThat(aborted.json().get("state").asText()).isEqualTo("Aborted");
        assertThat(wire.rest("GET", "/jobs/query/" + id, null).json().get("state").asText()).isEqualTo("Aborted");
        Resp again = wire.rest("PATCH", "/jobs/query/" + id, "{\"state\":\"Aborted\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("[{\"errorCode\":\"INVALIDJOBSTATE\",\"message\":\"Aborting already Completed Job not allowed\"}]");
        assertThat(wire.rest("GET", "/jobs/query/" + id + "/results", null).status()).isEqualTo(400);
        assertThat(wire.rest("GET", "/jobs/query", null).json().get("records")).hasSize(1);
        assertThat(wire.rest("DELETE", "/jobs/query/" + id, null).status()).isEqualTo(204);
        Resp missing = wire.rest("GET", "/jobs/query/" + id, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
    }

    @Test
    void invalid_jobs_are_refused_with_bulk_error_bodies() throws Exception {
        Resp badField = wire.rest("POST", "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Nope FROM Lead\"}");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(badField.json().get(0).get("message").asText()).contains("No such column 'Nope' on entity 'Lead'");
        Resp badOp = wire.rest("POST", "/jobs/query", "{\"operation\":\"insert\",\"query\":\"SELECT Id FROM Lead\"}");
        assertThat(badOp.status()).isEqualTo(400);
        assertThat(badOp.json().get(0).get("errorCode").asText()).isEqualTo("INVALIDJOB");
        Resp count = wire.rest("POST", "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT COUNT() FROM Lead\"}");
        assertThat(count.status()).isEqualTo(400);
        String id = createJob("query", "SELECT Id FROM Lead", "");
        pollUntilComplete(id);
        Resp badLocator = wire.rest("GET", "/jobs/query/" + id + "/results?locator=zzzz", null);
        assertThat(badLocator.status()).isEqualTo(400);
        assertThat(badLocator.json().get(0).get("errorCode").asText()).isEqualTo("INVALIDLOCATOR");
        assertThat(wire.rest("GET", "/jobs/query/" + id + "/results?maxRecords=0", null).status()).isEqualTo(400);
    }

    @Test
    void failure_fault_ends_the_next_job_failed_with_its_error_message() throws Exception {
        wire.control("POST", "/faults/bulk-query-failure", "{\"count\":1,\"message\":\"InternalServerError : boom\"}");
        String id = createJob("query", "SELECT Id FROM Lead", "");
        wire.rest("GET", "/jobs/query/" + id, null);
        Resp failed = wire.rest("GET", "/jobs/query/" + id, null);
        assertThat(failed.json().get("state").asText()).isEqualTo("Failed");
        assertThat(failed.json().get("errorMessage").asText()).isEqualTo("InternalServerError : boom");
        String next = createJob("query", "SELECT Id FROM Lead", "");
        assertThat(pollUntilComplete(next)).isEqualTo("JobComplete");
    }

    @Test
    void camel_bulk2_query_operations_create_poll_and_page_through_results() throws Exception {
        for (int i = 0; i < 7; i++) emu.org().create("Contact", Map.of("LastName", "C" + i, "Email", "c" + i + "@x.io"));
        CamelContext camel = camelAgainst(emu, null);
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            QueryJob request = new QueryJob();
            request.setOperation(OperationEnum.QUERY);
            request.setQuery("SELECT Id, LastName FROM Contact ORDER BY LastName");
            QueryJob job = template.requestBody("salesforce:bulk2CreateQueryJob", request, QueryJob.class);
            assertThat(job.getState()).isEqualTo(JobStateEnum.UPLOAD_COMPLETE);
            assertThat(job.getCreatedDate()).isEqualTo(Instant.parse("2026-11-28T14:40:00Z"));
            JobStateEnum state = null;
            for (int i = 0; i < 5 && state != JobStateEnum.JOB_COMPLETE; i++) {
                state = template.requestBodyAndHeader("salesforce:bulk2GetQueryJob", null, "jobId", job.getId(), QueryJob.class).getState();
            }
            assertThat(state).isEqualTo(JobStateEnum.JOB_COMPLETE);

            StringBuilder csv = new StringBuilder();
            String locator = null;
            List<String> counts = new ArrayList<>();
            do {
                String loc = locator;
                Exchange page = template.request("salesforce:bulk2GetQueryJobResults", ex -> {
                    ex.getIn().setHeader("jobId", job.getId());
                    ex.getIn().setHeader("maxRecords", 3);
                    if (loc != null) ex.getIn().setHeader("locator", loc);
                });
                assertThat(page.getException()).isNull();
                try (InputStream in = page.getMessage().getBody(InputStream.class)) {
                    csv.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                counts.add(page.getMessage().getHeader("Sforce-NumberOfRecords", String.class));
                locator = page.getMessage().getHeader("Sforce-Locator", String.class);
            } while (!"null".equals(locator));
            assertThat(counts).containsExactly("3", "3", "1");
            assertThat(csv.toString().lines().filter(l -> !l.startsWith("\"Id\"")).map(l -> l.split(",")[1])).containsExactly(
                    "\"C0\"", "\"C1\"", "\"C2\"", "\"C3\"", "\"C4\"", "\"C5\"", "\"C6\"");
        } finally {
            camel.stop();
        }
    }
}
