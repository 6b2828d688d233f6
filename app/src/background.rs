//! Work that nobody is waiting for runs on one thread of its own, at a lower scheduling priority:
//! a dashboard recomputed while its readers are served the one just before. On a busy server
//! the readers then keep both cores and the recompute takes what they leave; at the default
//! priority it took half the machine for its tens of milliseconds every second of a reporting
//! round, and readers who arrived meanwhile waited that long. On an idle server a lower priority
//! costs nothing: there is nothing to yield to.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Mutex, OnceLock};

/// How much lower than everything else (Linux's nice value). At 10 the scheduler gives the thread
/// about a tenth of a core that busy threads also want; it never starves.
const NICENESS: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// The thread's queue, started on first use; `None` when it could not be started.
static QUEUE: OnceLock<Option<Mutex<mpsc::Sender<Job>>>> = OnceLock::new();

/// The background thread stopped before `work` finished (it panicked).
#[derive(Debug, thiserror::Error)]
#[error("background work was interrupted")]
pub struct Interrupted;

/// Runs `work` on the background thread and waits for it without holding up the runtime. Jobs
/// run one after another. Should the thread be unavailable, `work` runs on the runtime's pool for
/// blocking work instead, at the normal priority.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Interrupted> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        // The waiter may have gone (its request was dropped): nobody needs the result then.
        let _ = done.send(work());
    });
    match queue() {
        Some(queue) => {
            let sent = queue
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .send(job);
            if let Err(mpsc::SendError(job)) = sent {
                tokio::task::spawn_blocking(job);
            }
        }
        None => {
            tokio::task::spawn_blocking(job);
        }
    }
    result.await.map_err(|_| Interrupted)
}

fn queue() -> Option<&'static Mutex<mpsc::Sender<Job>>> {
    QUEUE
        .get_or_init(|| {
            let (sender, jobs) = mpsc::channel::<Job>();
            let started = std::thread::Builder::new()
                .name("roadmap-background".into())
                .spawn(move || {
                    lower_priority();
                    for job in jobs {
                        // A panic ends that job (its waiter sees `Interrupted`), not the thread.
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                });
            match started {
                Ok(_) => Some(Mutex::new(sender)),
                Err(e) => {
                    tracing::warn!(error = %e, "the background thread could not be started");
                    None
                }
            }
        })
        .as_ref()
}

/// Lowers the calling thread's priority. On Linux a thread id names one thread to `setpriority`;
/// elsewhere the thread keeps the normal priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `gettid` has no preconditions; `setpriority` only reads its arguments.
        let result = unsafe {
            libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, NICENESS)
        };
        if result != 0 {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                "the background thread keeps the normal priority"
            );
        }
    }
}

/// The calling thread's nice value (tests).
#[cfg(all(test, target_os = "linux"))]
fn niceness() -> i32 {
    // SAFETY: as above. `getpriority` may return -1 legitimately; errno tells, and a thread's own
    // priority can always be read.
    unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_in_order_off_the_runtime_and_a_panic_ends_only_its_own_job() {
        let first = run(|| std::thread::current().name().map(String::from)).await;
        assert_eq!(first.unwrap().as_deref(), Some("roadmap-background"));

        let panicked = run(|| -> i32 { panic!("a chart could not be drawn") }).await;
        assert!(
            panicked.is_err(),
            "the waiter learns its job did not finish"
        );

        let after = run(|| 6 * 7).await;
        assert_eq!(after.unwrap(), 42, "the thread goes on with the next job");
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn the_background_thread_yields_to_the_rest_of_the_server() {
        let own = niceness();
        let background = run(niceness).await.unwrap();
        assert_eq!(background, (own + NICENESS).min(19));
    }
}
