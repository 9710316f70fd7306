package io.mercury.cli.command.rpc;

import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.ProgressPrinter;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Waits for a job: polls {@code get_job} and shows the progress, until the job is done
 * ({@code time_completed} set) or the wait limit passes, then fetches the tasks with
 * {@code get_job_tasks}, sorted by mercury_id. Between polls it waits a quarter of the time waited so
 * far, at least {@link #FIRST_POLL} and at most {@link #POLL}: a job that takes 100 ms is seen done
 * within about 25 ms of it, and a long one costs two polls a second.
 *
 * <p>A poll reads the job document only (its counts and {@code time_completed}), by id. Not {@code
 * get_job_status}: that also reads every task of the job, which the embedded store answers by scanning
 * the whole tasks collection (it ignores the {@code job_id} index), one command at a time, so with a
 * week of jobs in it each poll held up the job's own writes.
 */
final class JobWaiter {
  static final Duration FIRST_POLL = Duration.ofMillis(20);
  static final Duration POLL = Duration.ofMillis(500);

  /**
   * How the wait ended.
   *
   * @param tasks the job's tasks, sorted by mercury_id
   * @param elapsed how long the wait took
   */
  record Outcome(List<TaskDocument> tasks, Duration elapsed) {}

  private final RpcClient client;
  private final ProgressPrinter progress;
  private final Optional<Duration> limit;

  JobWaiter(RpcClient client, ProgressPrinter progress, Optional<Duration> limit) {
    this.client = client;
    this.progress = progress;
    this.limit = limit;
  }

  Outcome await(CreateJobReply job) throws ServiceException {
    long start = System.nanoTime();
    try {
      while (true) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        JobDocument status =
            client
                .getJob(job.jobId())
                .orElseThrow(() -> new ServiceException("job " + job.jobId() + " is gone from rpc"));
        long total = status.taskCount() > 0 ? status.taskCount() : job.targets();
        progress.update(status.counts(), total, elapsed);
        if (status.done() || (limit.isPresent() && elapsed.compareTo(limit.get()) >= 0)) {
          break;
        }
        Duration sleep = pause(elapsed);
        if (limit.isPresent()) {
          Duration left = limit.get().minus(elapsed);
          sleep = left.compareTo(sleep) < 0 ? left : sleep;
        }
        Thread.sleep(Math.max(1, sleep.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      progress.finish();
    }
    List<TaskDocument> tasks =
        client.getJobTasks(job.jobId()).stream()
            .sorted(Comparator.comparing(t -> String.valueOf(t.mercuryId())))
            .toList();
    return new Outcome(tasks, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The wait before the next poll, after {@code elapsed} of waiting. */
  static Duration pause(Duration elapsed) {
    Duration quarter = elapsed.dividedBy(4);
    if (quarter.compareTo(FIRST_POLL) < 0) {
      return FIRST_POLL;
    }
    return quarter.compareTo(POLL) > 0 ? POLL : quarter;
  }
}
