package com.iamonboarding.local.api;

import com.iamonboarding.local.template.ApiRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches request paths against the template's API routes, as API Gateway does: {@code {name}}
 * matches one path segment, {@code {name+}} the rest of the path; literal routes win over templated ones.
 */
public final class RouteTable {

    /** A matched route with the values of its path parameters. */
    public record Match(ApiRoute route, Map<String, String> pathParameters) {
    }

    private record Compiled(ApiRoute route, Pattern pattern, List<String> names, int parameterCount) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}+]+)(\\+?)}");

    private final List<Compiled> routes = new ArrayList<>();

    public RouteTable(List<ApiRoute> routes) {
        for (ApiRoute route : routes) {
            this.routes.add(compile(route));
        }
        this.routes.sort(Comparator.comparingInt(Compiled::parameterCount));
    }

    public List<ApiRoute> routes() {
        return routes.stream().map(Compiled::route).toList();
    }

    public Optional<Match> match(String method, String rawPath) {
        for (Compiled compiled : routes) {
            if (!compiled.route().method().equals("ANY") && !compiled.route().method().equals(method)) {
                continue;
            }
            Matcher matcher = compiled.pattern().matcher(rawPath);
            if (matcher.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < compiled.names().size(); i++) {
                    parameters.put(compiled.names().get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
                }
                return Optional.of(new Match(compiled.route(), parameters));
            }
        }
        return Optional.empty();
    }

    private static Compiled compile(ApiRoute route) {
        Matcher parameter = PARAMETER.matcher(route.path());
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(route.path().substring(last, parameter.start())));
            regex.append(parameter.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(parameter.group(1));
            last = parameter.end();
        }
        regex.append(Pattern.quote(route.path().substring(last))).append("/?$");
        return new Compiled(route, Pattern.compile(regex.toString()), names, names.size());
    }
}
