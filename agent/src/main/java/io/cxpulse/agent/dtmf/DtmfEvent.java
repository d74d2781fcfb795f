package io.cxpulse.agent.dtmf;

/** One key press: the key ({@code 0-9 * # A-D}) and its first and last-plus-one sample since the receiver's reset. */
public record DtmfEvent(char key, long startSample, long endSample) {}
