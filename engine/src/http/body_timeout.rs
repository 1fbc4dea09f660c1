//! A deadline on reading a request's body.
//!
//! hyper's header-read timeout ends when the headers are in; without this a
//! client could send headers announcing a body and then nothing, holding the
//! connection and its request task for ever.

use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// Why a request body was cut off.
#[derive(Debug, thiserror::Error)]
#[error("the request body stalled: it did not finish within {} ms", .0.as_millis())]
pub struct BodyStalled(Duration);

/// `B`, which fails with [`BodyStalled`] once it has kept the reader waiting
/// for `limit` in total.
///
/// The clock starts the first time a read has to wait: a body that arrives
/// with its headers (nearly every request) never reads the clock or arms a
/// timer.
#[derive(Debug)]
pub struct BodyReadTimeout<B> {
    body: B,
    limit: Duration,
    /// Armed on the first wait.
    deadline: Option<Pin<Box<Sleep>>>,
    stalled: bool,
}

impl<B> BodyReadTimeout<B> {
    pub fn new(body: B, limit: Duration) -> Self {
        Self {
            body,
            limit,
            deadline: None,
            stalled: false,
        }
    }
}

impl<B> Body for BodyReadTimeout<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.stalled {
            return Poll::Ready(None);
        }
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        let limit = this.limit;
        let deadline = this
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(deadline.as_mut().poll(cx));
        this.stalled = true;
        Poll::Ready(Some(Err(Box::new(BodyStalled(limit)))))
    }

    fn is_end_stream(&self) -> bool {
        self.stalled || self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use futures_util::StreamExt;
    use http_body_util::{BodyExt, StreamBody};

    use super::*;

    fn data(bytes: &'static [u8]) -> Result<Frame<Bytes>, Infallible> {
        Ok(Frame::data(Bytes::from_static(bytes)))
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_arrives_is_read_whole() {
        let frames = futures_util::stream::iter(vec![data(b"ab"), data(b"c")]);
        let body = BodyReadTimeout::new(StreamBody::new(frames), Duration::from_secs(1));
        let read = body.collect().await.expect("a whole body").to_bytes();
        assert_eq!(&read[..], b"abc");
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_fails_at_its_limit() {
        let frames =
            futures_util::stream::iter(vec![data(b"x")]).chain(futures_util::stream::pending());
        let mut body = BodyReadTimeout::new(StreamBody::new(frames), Duration::from_secs(10));
        let started = tokio::time::Instant::now();
        let first = body.frame().await.expect("a frame").expect("data");
        assert_eq!(first.into_data().expect("data"), Bytes::from_static(b"x"));
        let error = body.frame().await.expect("an error").expect_err("stalled");
        assert_eq!(started.elapsed(), Duration::from_secs(10));
        assert_eq!(
            error.to_string(),
            "the request body stalled: it did not finish within 10000 ms"
        );
        assert!(body.frame().await.is_none());
    }
}
