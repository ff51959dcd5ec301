package com.iamonboarding.profiles;

import java.util.ArrayList;
import java.util.List;

/** What a hire of one kind gets: IAM groups first, direct policy attachments only where needed. */
public class AccessProfile {
    public String description;
    public List<String> groups = new ArrayList<>();
    public List<String> policyArns = new ArrayList<>();
    public String permissionsBoundaryArn;

    public AccessProfile() {
    }
}
