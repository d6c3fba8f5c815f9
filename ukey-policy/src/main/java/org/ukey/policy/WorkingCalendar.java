package org.ukey.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * Which days are working days, for deadlines counted in working days (seed 000 §15.1: hand over
 * within 3 working days, "3 个工作日内"). Monday to Friday, less public holidays, plus the weekend
 * days worked in their place (调休).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param holidays weekdays that are not worked
 * @param extraWorkdays weekend days that are worked
 */
public record WorkingCalendar(Set<LocalDate> holidays, Set<LocalDate> extraWorkdays) {
  /** Monday to Friday, no holidays. */
  public static final WorkingCalendar WEEKDAYS = new WorkingCalendar(Set.of(), Set.of());

  /**
   * Copies the sets.
   *
   * @param holidays weekdays not worked
   * @param extraWorkdays weekend days worked
   */
  public WorkingCalendar {
    holidays = Set.copyOf(holidays);
    extraWorkdays = Set.copyOf(extraWorkdays);
  }

  /**
   * Whether a day is worked.
   *
   * @param day the day
   * @return true for a working day
   */
  public boolean isWorkingDay(LocalDate day) {
    if (extraWorkdays.contains(day)) {
      return true;
    }
    DayOfWeek d = day.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(day);
  }

  /**
   * The day {@code n} working days after {@code start} (not counting {@code start}).
   *
   * @param start the first day
   * @param n how many working days, 0 or more
   * @return the day
   */
  public LocalDate plusWorkingDays(LocalDate start, int n) {
    Objects.requireNonNull(start, "start");
    if (n < 0) {
      throw new IllegalArgumentException("n < 0");
    }
    LocalDate d = start;
    for (int left = n; left > 0; ) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }
}
