package org.ukey.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a benchmark suite or method measures, in words for the report table.
 *
 * <p>Benchmark methods are named {@code operation_implementation}; the implementation
 * {@code ukey} is the SDK's own, every other one is an anchor it is compared with.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Describe {
  /**
   * The description.
   *
   * @return a short phrase
   */
  String value();
}
