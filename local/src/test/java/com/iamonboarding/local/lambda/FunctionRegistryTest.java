package com.iamonboarding.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FunctionRegistryTest {

    @Test
    void aFunctionIsNamedByNameArnOrQualifiedArn() {
        assertEquals("CreateUserFunction", FunctionRegistry.nameOf("CreateUserFunction"));
        assertEquals("CreateUserFunction", FunctionRegistry.nameOf("CreateUserFunction:live"));
        assertEquals("CreateUserFunction", FunctionRegistry.nameOf("arn:aws:lambda:us-east-1:123456789012:function:CreateUserFunction"));
        assertEquals("CreateUserFunction", FunctionRegistry.nameOf("arn:aws:lambda:us-east-1:123456789012:function:CreateUserFunction:live"));
        assertEquals("CreateUserFunction", FunctionRegistry.nameOf("123456789012:function:CreateUserFunction"));
    }
}
