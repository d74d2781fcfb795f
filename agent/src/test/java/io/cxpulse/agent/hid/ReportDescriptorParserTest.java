package io.cxpulse.agent.hid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportDescriptorParserTest {

    private static ReportDescriptor parse(String hex) {
        return ReportDescriptorParser.parse(Hex.bytes(hex));
    }

    @Test
    void bitOffsetsArePerReportTypeAndId() {
        ReportDescriptor d = parse("""
                05 0b 09 05 a1 01 15 00 25 01 75 01
                85 02 09 20 95 01 81 22 95 07 81 01
                85 03 09 2f 95 01 81 06
                85 02 09 21 95 01 81 06
                05 08 85 02 09 17 95 01 91 22
                c0""");
        List<ReportField> f = d.fields();
        assertThat(f)
                .extracting(ReportField::type, ReportField::reportId, ReportField::bitOffset)
                .containsExactly(
                        Tuple.tuple(ReportType.INPUT, 2, 0),
                        Tuple.tuple(ReportType.INPUT, 2, 1),
                        Tuple.tuple(ReportType.INPUT, 3, 0),
                        Tuple.tuple(ReportType.INPUT, 2, 8),
                        Tuple.tuple(ReportType.OUTPUT, 2, 0));
        assertThat(d.reportBits(ReportType.INPUT, 2)).isEqualTo(9);
        assertThat(d.reportBytes(ReportType.INPUT, 2)).isEqualTo(2);
        assertThat(d.reportIds(ReportType.INPUT)).containsExactly(2, 3);
        assertThat(d.usesReportIds()).isTrue();
        assertThat(f.get(1).isPadding()).isTrue();
    }

    @Test
    void usageTakesThePageDeclaredBeforeTheMainItemLikeLinux() {
        // Usage 0x07 declared under Telephony, then Usage Page Button before the Input: Linux makes it Button 7.
        ReportDescriptor d = parse("05 0b 09 07 05 09 75 01 95 01 15 00 25 01 81 02");
        assertThat(d.fields().get(0).usage(0)).isEqualTo(0x0009_0007);
    }

    @Test
    void concatenationStopsAtAUsageAlreadyOnTheLastPage() {
        // 0B:07 then Button page and Button 1: the walk back stops at 09:01, so 0B:07 keeps its page.
        ReportDescriptor d = parse("05 0b 09 07 05 09 09 01 75 01 95 01 15 00 25 01 81 40");
        assertThat(d.fields().get(0).usages()).containsExactly(0x000B_0007, 0x0009_0001);
    }

    @Test
    void extendedUsagesKeepTheirOwnPage() {
        ReportDescriptor d = parse("05 0c 0b 20 00 0b 00 75 01 95 01 81 02");
        assertThat(d.fields().get(0).usage(0)).isEqualTo(0x000B_0020);
    }

    @Test
    void usageMinimumMaximumExpandsAndExtraSlotsRepeatTheLastUsage() {
        ReportDescriptor d = parse("05 0b 19 b0 29 b2 75 04 95 05 15 00 25 0b 81 02");
        ReportField f = d.fields().get(0);
        assertThat(f.usages()).containsExactly(0x0B00B0, 0x0B00B1, 0x0B00B2);
        assertThat(f.usage(4)).isEqualTo(0x0B00B2);
        assertThat(d.usesReportIds()).isFalse();
    }

    @Test
    void signedLogicalRangesAndUnsignedMaximumWhenMinimumIsNotNegative() {
        ReportDescriptor d = parse("15 ff 25 01 75 02 95 01 09 01 81 06 15 00 25 ff 75 08 09 01 81 02"
                + " 16 00 80 26 ff 7f 75 10 09 01 81 02");
        assertThat(d.fields())
                .extracting(ReportField::logicalMinimum, ReportField::logicalMaximum)
                .containsExactly(Tuple.tuple(-1L, 1L), Tuple.tuple(0L, 255L), Tuple.tuple(-32768L, 32767L));
        assertThat(d.fields().get(0).isRelative()).isTrue();
        assertThat(d.fields().get(1).isVariable()).isTrue();
    }

    @Test
    void pushAndPopRestoreGlobals() {
        ReportDescriptor d = parse("05 0b 75 01 95 01 85 01 a4 75 08 85 02 05 08 09 17 91 02 b4 09 20 81 02");
        assertThat(d.fields().get(0).reportId()).isEqualTo(2);
        assertThat(d.fields().get(0).usage(0)).isEqualTo(0x080017);
        assertThat(d.fields().get(1).reportId()).isEqualTo(1);
        assertThat(d.fields().get(1).reportSize()).isEqualTo(1);
        assertThat(d.fields().get(1).usage(0)).isEqualTo(0x0B0020);
    }

    @Test
    void longItemsAreSkippedAndNestedCollectionsRecorded() {
        ReportDescriptor d = parse(
                "05 0b 09 05 a1 01 fe 02 10 aa bb 09 06 a1 02 19 b0 29 bb 75 04 95 01 15 00 25 0b" + " 81 00 c0 c0");
        assertThat(d.collections())
                .extracting(HidCollection::usage, HidCollection::parent, HidCollection::depth)
                .containsExactly(Tuple.tuple(0x0B0005, -1, 0), Tuple.tuple(0x0B0006, 0, 1));
        assertThat(d.fields().get(0).collection()).isEqualTo(1);
        assertThat(d.fields().get(0).isArray()).isTrue();
        assertThat(d.topLevelOf(1)).isEqualTo(0);
        assertThat(d.applicationOf(1)).isEqualTo(0);
    }

    @Test
    void delimitersKeepOnlyTheFirstAlternative() {
        ReportDescriptor d = parse("05 0b a9 01 09 20 a9 00 a9 01 09 21 a9 00 75 01 95 01 81 02");
        assertThat(d.fields().get(0).usages()).containsExactly(0x0B0020);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "05 0b 26 ff; truncated item 0x26",
                "fe 05 00 01 02; truncated long item",
                "fe; truncated long item header",
                "b4; Pop without a matching Push",
                "c0; End Collection without an open collection",
                "a1 01 09 01; 1 collection(s) not closed",
                "76 ff 01; report size 511 exceeds 256",
                "96 01 40; report count 16385 exceeds",
                "85 00; report ID 0 outside 1..255",
                "19 00 2a ff ff; usage range 0..65535",
                "15 05 25 01 81 02; logical maximum 1 is below logical minimum 5",
                "a9 01 a9 01; nested delimiter",
                "a9 00; close delimiter",
                "f4 00; unknown global item tag 0xf",
                "76 00 01 96 00 30 81 02; over the",
            })
    void malformedDescriptorsGiveAClearError(String hex, String reason) {
        assertThatThrownBy(() -> parse(hex))
                .isInstanceOf(HidDescriptorException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void errorsNameTheByteOffset() {
        assertThatThrownBy(() -> parse("05 0b 09 05 b4"))
                .isInstanceOf(HidDescriptorException.class)
                .hasMessage("report descriptor byte 4: Pop without a matching Push")
                .extracting(e -> ((HidDescriptorException) e).offset())
                .isEqualTo(4);
    }

    @Test
    void emptyDescriptorIsRejected() {
        assertThatThrownBy(() -> ReportDescriptorParser.parse(new byte[0]))
                .isInstanceOf(HidDescriptorException.class)
                .hasMessageContaining("empty descriptor");
    }

    @Test
    void pushOverflowAndDeepCollectionsAreBounded() {
        assertThatThrownBy(() -> parse("a4 ".repeat(ReportDescriptorParser.MAX_GLOBAL_STACK + 1)))
                .hasMessageContaining("Push nested deeper");
        assertThatThrownBy(() -> parse("a1 01 ".repeat(ReportDescriptorParser.MAX_COLLECTION_DEPTH + 1)))
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void hexTextAndRawBinaryAreBothAccepted() {
        byte[] raw = {0x05, 0x0b, 0x09, 0x20};
        assertThat(DescriptorFiles.decode(raw)).containsExactly(raw);
        assertThat(DescriptorFiles.decode("05 0B\n0x09,20\n".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(raw);
        assertThatThrownBy(() -> DescriptorFiles.decode("05 0b 123".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(HidDescriptorException.class)
                .hasMessageContaining("token 2 '123'");
    }

    @Test
    void reportBitsReadAndWriteLittleEndianFields() {
        byte[] report = {0x02, 0, 0};
        ReportBits.write(report, 1, 6, 4, 0b1011);
        assertThat(report).containsExactly(0x02, (byte) 0xC0, 0x02);
        assertThat(ReportBits.readUnsigned(report, 1, 6, 4)).isEqualTo(0b1011);
        assertThat(ReportBits.read(report, 1, 6, 2, true)).isEqualTo(-1);
    }
}
