//! The threads that serve the engine's connections: the engine's own thread
//! and up to `worker_threads - 1` more, each running its own current-thread
//! tokio runtime.
//!
//! Why not tokio's multi-thread runtime: its workers share one I/O driver and
//! steal each other's tasks, so a request often wakes a second thread, which
//! cost about a fifth of the requests/s at one connection (BENCHMARKS.md).
//! Here each connection is handed to the thread with the fewest open
//! connections and stays there: a request never crosses threads, and many
//! connections still use every configured thread.
//!
//! Connections are accepted on the engine's thread. A connection handed to
//! another thread is moved off this thread's I/O driver and registered with
//! that thread's (two `epoll_ctl` calls, once per connection).
//!
//! An external plugin that attaches over a connection keeps its session on
//! that connection's thread; once the connection is upgraded it no longer
//! counts as open there. The engine stops these threads last, after its
//! plugins have been told to shut down.
//!
//! More threads are not free on a small machine: they compete with the
//! engine's clients for the cores (see `server::default_worker_threads`).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::net::UnixStream;
use tokio::sync::{mpsc, oneshot};

/// What a thread is asked to run: set up one connection's task.
type Job = Box<dyn FnOnce() + Send>;

struct Thread {
    jobs: mpsc::UnboundedSender<Job>,
    open: Arc<AtomicUsize>,
    stop: oneshot::Sender<()>,
    handle: std::thread::JoinHandle<()>,
}

/// The engine's thread and its extra connection threads, started when
/// first needed: an engine that never has two connections open at once
/// never starts one.
pub struct ConnectionThreads {
    /// Connections open on the engine's own thread.
    here: Arc<AtomicUsize>,
    extra: Vec<Thread>,
    /// How many extra threads may be started.
    limit: usize,
    /// How long a thread polls after a request before it sleeps.
    busy_poll: Duration,
}

impl ConnectionThreads {
    /// The calling thread plus up to `extra` more.
    /// Every thread busy-polls for `busy_poll` after serving (the busy-poll
    /// crate).
    pub fn new(extra: usize, busy_poll: Duration) -> Self {
        ConnectionThreads {
            here: Arc::default(),
            extra: Vec::new(),
            limit: extra,
            busy_poll,
        }
    }

    /// Runs `serve(stream)` as a task on the thread with the fewest open
    /// connections, starting another thread when every started one has some
    /// and the limit allows; ties go to the engine's own thread. `serve` is
    /// called on the chosen thread, so what it builds belongs to that
    /// thread's runtime.
    pub fn spawn<F, C>(&mut self, stream: UnixStream, serve: F)
    where
        F: FnOnce(UnixStream) -> C + Send + 'static,
        C: Future<Output = ()> + Send + 'static,
    {
        let mut least = (self.here.load(Ordering::Relaxed), None);
        for (index, thread) in self.extra.iter().enumerate() {
            let open = thread.open.load(Ordering::Relaxed);
            if open < least.0 {
                least = (open, Some(index));
            }
        }
        if least.0 > 0 && self.extra.len() < self.limit {
            match Thread::start(self.extra.len() + 1, self.busy_poll) {
                Ok(thread) => {
                    self.extra.push(thread);
                    least = (0, Some(self.extra.len() - 1));
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot start a connection thread; serving with fewer");
                    self.limit = self.extra.len();
                }
            }
        }
        let Some(thread) = least.1.map(|index| &self.extra[index]) else {
            self.here.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(uncounting(self.here.clone(), serve(stream)));
            return;
        };
        let stream = match stream.into_std() {
            Ok(stream) => stream,
            Err(error) => {
                tracing::debug!(%error, "cannot hand a connection to another thread");
                return;
            }
        };
        let open = thread.open.clone();
        open.fetch_add(1, Ordering::Relaxed);
        let job: Job = Box::new(move || match UnixStream::from_std(stream) {
            Ok(stream) => {
                tokio::spawn(uncounting(open, serve(stream)));
            }
            Err(error) => {
                open.fetch_sub(1, Ordering::Relaxed);
                tracing::debug!(%error, "cannot register a handed-over connection");
            }
        });
        // A thread that has gone drops the connection: its client sees the
        // connection close, as it would if the engine were overloaded.
        let _ = thread.jobs.send(job);
    }

    /// Ends the extra threads: whatever still runs on them (connections past
    /// the shutdown timeout) is dropped, and the threads are joined.
    pub async fn stop(self) {
        let handles: Vec<_> = self
            .extra
            .into_iter()
            .map(|thread| {
                let _ = thread.stop.send(());
                thread.handle
            })
            .collect();
        let _ = tokio::task::spawn_blocking(move || {
            for handle in handles {
                let _ = handle.join();
            }
        })
        .await;
    }
}

impl Thread {
    fn start(index: usize, busy_poll: Duration) -> std::io::Result<Thread> {
        let runtime = busy_poll::runtime(busy_poll)?;
        let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = std::thread::Builder::new()
            .name(format!("connections-{index}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let run_jobs = async {
                        while let Some(job) = queue.recv().await {
                            job();
                        }
                        // No more connections come; the ones open here
                        // run until stopped.
                        std::future::pending::<()>().await;
                    };
                    tokio::select! {
                        () = run_jobs => {}
                        _ = stopped => {}
                    }
                });
                // Dropping the runtime drops the tasks still on it.
            })?;
        Ok(Thread {
            jobs,
            open: Arc::default(),
            stop,
            handle,
        })
    }
}

/// Runs `connection`, already counted in `open`, and uncounts it when it
/// ends or is dropped.
async fn uncounting(open: Arc<AtomicUsize>, connection: impl Future<Output = ()>) {
    struct Open(Arc<AtomicUsize>);
    impl Drop for Open {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::Relaxed);
        }
    }
    let _open = Open(open);
    connection.await;
}
