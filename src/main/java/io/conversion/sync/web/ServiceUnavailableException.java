package io.conversion.sync.web;

/** 503: the request is valid but cannot be served now (Salesforce unreachable); the client may try again. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
