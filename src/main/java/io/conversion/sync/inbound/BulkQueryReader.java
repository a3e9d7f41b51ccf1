package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.springframework.stereotype.Component;

/**
 * Reads every record of an object through a Bulk API 2.0 query job, through the routes of
 * {@code inbound-initial-import.camel.yaml}: create the job (1 API call), look at it until Salesforce completed it
 * (a few calls, waiting longer each time), then one call per results page of up to {@code page-size} records, each
 * page streamed as CSV to the caller. A million records cost about 25 calls where SOQL paging costs 500.
 */
@Component
class BulkQueryReader {

    /** Boolean fields the inbound rules read: the CSV has no types. */
    private static final Set<String> BOOLEANS = Set.of("IsConverted", "IsDeleted");

    private final ProducerTemplate camel;
    private final SalesforceReader salesforce;
    private final InitialImportProperties properties;

    BulkQueryReader(ProducerTemplate camel, SalesforceReader salesforce, InitialImportProperties properties) {
        this.camel = camel;
        this.salesforce = salesforce;
        this.properties = properties;
    }

    /** The job's results are gone (kept 7 days by Salesforce, or deleted): the object's job must be created again. */
    static final class JobGoneException extends RuntimeException {
        JobGoneException(String jobId, Throwable cause) {
            super("Bulk query job " + jobId + " no longer exists", cause);
        }
    }

    /** Takes one results page as a stream of records, knowing the next page's locator (null after the last). */
    interface PageHandler {
        void records(BulkCsvReader page, String nextLocator) throws InterruptedException;
    }

    /** Creates the query job for every record of the object (the re-read's select list); returns its id. */
    String createJob(SyncedObject object) {
        return createJob("SELECT " + salesforce.selectList(object) + " FROM " + object.sfName());
    }

    String createJob(String soql) {
        QueryJob job = new QueryJob();
        job.setOperation(OperationEnum.QUERY);
        job.setQuery(soql);
        job.setContentType(ContentTypeEnum.CSV);
        return camel.requestBody("direct:inbound-initial-import-create-job", job, QueryJob.class).getId();
    }

    /** Waits until Salesforce completed the job (the first wait short, then doubling). */
    void awaitComplete(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + properties.jobTimeout().toNanos();
        Duration wait = properties.pollInterval();
        while (true) {
            QueryJob job = state(jobId);
            JobStateEnum s = job.getState();
            if (s == JobStateEnum.JOB_COMPLETE) {
                return;
            }
            if (s == JobStateEnum.FAILED || s == JobStateEnum.ABORTED) {
                throw new IllegalStateException("Bulk query job " + jobId + " ended " + s);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Bulk query job " + jobId + " not complete after "
                        + properties.jobTimeout());
            }
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(properties.maxPollInterval()) > 0 ? properties.maxPollInterval()
                    : wait.multipliedBy(2);
        }
    }

    private QueryJob state(String jobId) {
        try {
            return camel.requestBodyAndHeader("direct:inbound-initial-import-job-state", null, "jobId", jobId,
                    QueryJob.class);
        } catch (RuntimeException e) {
            throw gone(jobId, e);
        }
    }

    /**
     * Reads the results page at {@code locator} (null: the first) and hands it, as a stream of records, to the
     * handler; returns the next page's locator (null after the last page).
     */
    String page(String jobId, String locator, PageHandler handler) throws InterruptedException {
        Exchange reply = camel.request("direct:inbound-initial-import-results", ex -> {
            ex.getMessage().setHeader("jobId", jobId);
            ex.getMessage().setHeader("maxRecords", properties.pageSize());
            if (locator != null) {
                ex.getMessage().setHeader("locator", locator);
            }
        });
        if (reply.getException() != null) {
            throw gone(jobId, reply.getException());
        }
        String header = reply.getMessage().getHeader("Sforce-Locator", String.class);
        String next = header == null || header.isEmpty() || "null".equals(header) ? null : header;
        try (InputStream csv = reply.getMessage().getMandatoryBody(InputStream.class);
                BulkCsvReader records = new BulkCsvReader(csv, BOOLEANS)) {
            handler.records(records, next);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable results of Bulk query job " + jobId + ": " + e.getMessage(), e);
        }
        return next;
    }

    private static RuntimeException gone(String jobId, Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof SalesforceException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SalesforceException sf && sf.getStatusCode() == 404) {
            return new JobGoneException(jobId, e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
