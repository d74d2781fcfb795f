package io.cxpulse.agent.cli;

import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyDefinitions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --survey} option of the commands that run a survey, and the survey it names. */
final class SurveyFileOption {
    @Option(
            names = "--survey",
            paramLabel = "FILE.json",
            description = "Survey definition (default: the survey shipped in the agent).")
    Path file;

    /** The survey of the file, or the shipped one; a bad file is a {@code SurveyDefinitionException}. */
    SurveyDefinition load() {
        return file == null ? SurveyDefinitions.defaultSurvey() : SurveyDefinitions.load(file);
    }
}
