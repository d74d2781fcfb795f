/** Versioned wire records shared by agent and server, and their JSON codec. */
package io.cxpulse.protocol;
