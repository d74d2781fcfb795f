package io.cxpulse.agent.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SurveyPolicyTest {
    private static CallSummary call(String id, long talkMs) {
        return new CallSummary(id, Instant.EPOCH, Instant.EPOCH.plusMillis(talkMs), talkMs, 0, 0, 0, 0);
    }

    @Test
    void aShareOfTheLongEnoughCallsIsSurveyedChosenByTheCallsIdAlone() {
        SurveyPolicy half = new SurveyPolicy(10_000, 50);
        long surveyed = IntStream.range(0, 2_000)
                .filter(i -> half.eligible(call("call-" + i, 20_000)))
                .count();
        assertThat(surveyed).isBetween(900L, 1100L);
        for (int i = 0; i < 50; i++) {
            assertThat(half.eligible(call("call-" + i, 20_000))).isEqualTo(half.eligible(call("call-" + i, 60_000)));
        }
        assertThat(IntStream.range(0, 200).noneMatch(i -> half.eligible(call("call-" + i, 9_999))))
                .isTrue();
        assertThat(IntStream.range(0, 200).allMatch(i -> SurveyPolicy.DEFAULT.eligible(call("c" + i, 10_000))))
                .isTrue();
        assertThatThrownBy(() -> new SurveyPolicy(0, 0)).hasMessageContaining("samplePercent");
    }

    @Test
    void aCallerSurveyedWithinRepeatDaysIsNotAskedAgainWhileAnUnknownOrNewCallerIs() {
        SurveyPolicy weekly = new SurveyPolicy(10_000, 100, 7);
        CallSummary longCall = call("call-1", 20_000);
        assertThat(weekly.eligible(longCall, CallerHistory.SURVEYED_RECENTLY)).isFalse();
        assertThat(weekly.eligible(longCall, CallerHistory.NOT_SURVEYED)).isTrue();
        assertThat(weekly.eligible(longCall, CallerHistory.UNKNOWN)).isTrue();
        assertThat(weekly.eligible(longCall)).isTrue();
        assertThat(weekly.eligible(call("call-1", 9_999), CallerHistory.NOT_SURVEYED))
                .isFalse();

        SurveyPolicy noRepeatRule = new SurveyPolicy(10_000, 100, 0);
        assertThat(noRepeatRule.eligible(longCall, CallerHistory.SURVEYED_RECENTLY))
                .isTrue();
        assertThat(new SurveyPolicy(10_000, 50).repeatDays()).isZero();
        assertThatThrownBy(() -> new SurveyPolicy(0, 100, -1)).hasMessageContaining("repeatDays");
        assertThatThrownBy(() -> new SurveyPolicy(0, 100, 366)).hasMessageContaining("repeatDays");
    }
}
