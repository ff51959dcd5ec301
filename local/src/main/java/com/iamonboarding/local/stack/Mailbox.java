package com.iamonboarding.local.stack;

import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.proxy.RequestRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The e-mail the functions sent. moto's SES accepts a message and keeps it in memory with no HTTP
 * call to read it back, so the local stack reads the SES v2 SendEmail requests its endpoint saw
 * succeed. Only the local stack and its tests read it: it holds invitation links, which are secrets.
 */
public final class Mailbox {

    /** One message: sender, recipients, subject and plain text. */
    public record Message(String from, List<String> to, String subject, String text) {

        /** The first link in the text that carries a fragment: an invitation's (its token after #). */
        public Optional<String> invitationLink() {
            Matcher link = Pattern.compile("https?://\\S*#\\S+").matcher(text);
            return link.find() ? Optional.of(link.group()) : Optional.empty();
        }
    }

    /** SES v2 SendEmail, a REST call: the path names it, not an action parameter. */
    private static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";

    private final RequestRecorder recorder;

    Mailbox(RequestRecorder recorder) {
        this.recorder = recorder;
    }

    /** Every message sent, oldest first. */
    public List<Message> messages() {
        List<Message> messages = new ArrayList<>();
        for (RecordedRequest request : recorder.matching(r -> "ses".equals(r.service()) && "POST".equals(r.method())
                && SEND_EMAIL_PATH.equals(r.path()) && r.answer().succeeded())) {
            Map<?, ?> destination = map(request.parameters().get("Destination"));
            List<String> to = new ArrayList<>();
            if (destination.get("ToAddresses") instanceof List<?> addresses) {
                addresses.forEach(address -> to.add(String.valueOf(address)));
            }
            Map<?, ?> simple = map(map(request.parameters().get("Content")).get("Simple"));
            messages.add(new Message(String.valueOf(request.parameters().get("FromEmailAddress")), to,
                    String.valueOf(map(simple.get("Subject")).get("Data")),
                    String.valueOf(map(map(simple.get("Body")).get("Text")).get("Data"))));
        }
        return messages;
    }

    /** The last message sent to {@code address}. */
    public Optional<Message> lastTo(String address) {
        return lastTo(address, 0);
    }

    /** How many messages were sent so far: a mark for {@link #lastTo(String, int)}. */
    public int mark() {
        return messages().size();
    }

    /** The last message sent to {@code address} after {@code mark} (so that an earlier invitation is not taken for a new one). */
    public Optional<Message> lastTo(String address, int mark) {
        List<Message> all = messages();
        List<Message> to = all.subList(Math.min(mark, all.size()), all.size()).stream().filter(m -> m.to().contains(address)).toList();
        return to.isEmpty() ? Optional.empty() : Optional.of(to.get(to.size() - 1));
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }
}
