package io.cxpulse.server.history;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.SurveyFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The survey program version a history or chart request reads ({@code surveyId} and {@code version}, each optional),
 * and what an answer says of the versions its period holds: {@code versions}, each with its number of surveys, and
 * {@code mixed}, true when no version was asked for and the survey figures count more than one, so that figures from
 * different question wordings are never mixed without saying so.
 */
public final class Versions {
    // As the protocol checks a survey id.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private Versions() {}

    /** The version asked for by the request's {@code surveyId} and {@code version}; 400 when malformed. */
    public static SurveyFilter filter(RoutingContext ctx) {
        String surveyId = ctx.request().getParam("surveyId");
        if (surveyId != null && !ID.matcher(surveyId).matches()) {
            throw ApiException.badRequest("surveyId must be a survey program id: up to 64 letters, digits and ._:-");
        }
        Integer version = ctx.request().getParam("version") == null
                ? null
                : Requests.intParam(ctx, "version", 1, 1, Integer.MAX_VALUE);
        return new SurveyFilter(surveyId, version);
    }

    /** Adds {@code versions}, {@code mixed} and, when a version was asked for, {@code filter} to {@code body}. */
    public static JsonObject put(JsonObject body, SurveyFilter filter, List<Queries.VersionCount> versions) {
        JsonArray list = new JsonArray();
        for (Queries.VersionCount v : versions) {
            list.add(new JsonObject()
                    .put("surveyId", v.surveyId())
                    .put("version", v.version())
                    .put("surveys", v.surveys()));
        }
        body.put("versions", list).put("mixed", filter.isEmpty() && versions.size() > 1);
        if (!filter.isEmpty()) {
            body.put(
                    "filter",
                    new JsonObject().put("surveyId", filter.surveyId()).put("version", filter.version()));
        }
        return body;
    }
}
