package io.cxpulse.testsupport;

import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.protocol.Json;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.WireCodec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * A survey program as a desk keeps it in its program folder ({@code program.json} and {@code prompts/HEX.wav}), for
 * tests that start a desk without a server: one 1-7 effort question, in English, from the agent's own recordings.
 */
public final class ProgramOnDisk {
    private ProgramOnDisk() {}

    /** Writes version 1 of program {@code effort} with this audience and caller salt into {@code programDir}. */
    @SuppressWarnings("unchecked")
    public static SurveyProgram write(Path programDir, SurveyProgram.Audience audience, String callerSalt)
            throws Exception {
        String survey = "{\"id\":\"effort\",\"languages\":[\"en\"],\"invalid\":{\"en\":\""
                + prompt(programDir, "invalid.wav")
                + "\"},\"questions\":[{\"id\":\"effort\",\"kind\":\"scale\",\"min\":1,\"max\":7,\"prompt\":{\"en\":\""
                + prompt(programDir, "csat.wav") + "\"}}]}";
        SurveyProgram program =
                new SurveyProgram("effort", 1, (Map<String, Object>) Json.parse(survey, 16), audience, callerSalt);
        Files.writeString(programDir.resolve("program.json"), WireCodec.encode(program), StandardCharsets.UTF_8);
        return program;
    }

    /** Puts a prompt of the agent's own recordings into the program's prompt folder; returns its hash name. */
    private static String prompt(Path programDir, String name) throws Exception {
        byte[] wav;
        try (InputStream in = SurveyDefinitions.class.getClassLoader().getResourceAsStream("prompts/en/" + name)) {
            wav = in.readAllBytes();
        }
        String hex =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav));
        Files.createDirectories(programDir.resolve("prompts"));
        Files.write(programDir.resolve("prompts").resolve(hex + ".wav"), wav);
        return SurveyProgram.PROMPT_PREFIX + hex;
    }
}
