package io.mercury.common.protocol.frontend;

import java.util.List;
import java.util.Objects;

/**
 * The reply of {@code get_jobs}: {@code {count, jobs}}, newest first.
 *
 * @param count how many jobs there are (the frontend sends the list's size)
 * @param jobs the job documents, as projected
 */
public record JobList(long count, List<JobDocument> jobs) {
  public JobList {
    Objects.requireNonNull(jobs, "jobs is null");
    jobs = List.copyOf(jobs);
  }

  /** A list of all of {@code jobs}. */
  public static JobList of(List<JobDocument> jobs) {
    return new JobList(jobs.size(), jobs);
  }
}
