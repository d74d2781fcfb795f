/** JMH benchmarks of the product's hot paths. */
package io.cxpulse.bench;
