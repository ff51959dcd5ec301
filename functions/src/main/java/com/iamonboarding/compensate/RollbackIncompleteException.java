package com.iamonboarding.compensate;

/** The rollback could not remove everything; the message lists exactly what remains. */
public class RollbackIncompleteException extends RuntimeException {
    public RollbackIncompleteException(String message) {
        super(message);
    }
}
