//! Rows formatted piece by piece on every core and taken in order on this thread: the
//! CSV writers and the workbook's calls sheets share it.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use super::Stop;

/// Makes pieces `0..count` on every core (`make(k, scratch)`, with what each helper
/// keeps between its pieces: a buffer to clear, values it remembers) and hands each to `take` in order, on this thread. The
/// first error of either stops the helpers and is returned; at most a few pieces are
/// held at once, however many there are.
pub(super) fn in_order<T: Send, S: Default>(
    count: usize,
    make: impl Fn(usize, &mut S) -> io::Result<T> + Sync,
    mut take: impl FnMut(usize, T) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let helpers = crate::cores().clamp(1, 4).min(count.max(1));
    // A helper starts a piece only this far ahead of the next one to take, so that one
    // held up (by the system) cannot leave the others filling memory with later pieces.
    let ahead = 2 * helpers;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // The next piece to take, for the helpers to wait on.
    let taking = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|s| {
        let (send, receive) = mpsc::sync_channel::<(usize, io::Result<T>)>(helpers);
        for _ in 0..helpers {
            let send = send.clone();
            let (next, stop, make, taking) = (&next, &stop, &make, &taking);
            s.spawn(move || {
                let mut scratch = S::default();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= count || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if let Ok(mut wanted) = taking.0.lock() {
                        while k >= *wanted + ahead && !stop.load(Ordering::Relaxed) {
                            match taking.1.wait(wanted) {
                                Ok(w) => wanted = w,
                                Err(_) => break,
                            }
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let made = make(k, &mut scratch);
                    if send.send((k, made)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let took = |wanted: usize| {
            if let Ok(mut w) = taking.0.lock() {
                *w = wanted;
            }
            taking.1.notify_all();
        };
        let mut waiting = BTreeMap::new();
        let mut wanted = 0;
        let mut outcome = Ok(());
        // Ends once every helper is done, so none is left running on an error.
        for (k, made) in receive.iter() {
            if outcome.is_err() {
                continue;
            }
            waiting.insert(k, made);
            while let Some(made) = waiting.remove(&wanted) {
                let step = made.map_err(Stop::Io).and_then(|piece| take(wanted, piece));
                wanted += 1;
                if let Err(e) = step {
                    stop.store(true, Ordering::Relaxed);
                    outcome = Err(e);
                    break;
                }
            }
            took(wanted);
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_in_order_and_the_first_error_stops_the_rest() {
        let mut seen = Vec::new();
        in_order(
            50,
            |k, scratch: &mut Vec<u8>| {
                scratch.clear();
                scratch.extend_from_slice(k.to_string().as_bytes());
                Ok(String::from_utf8(scratch.clone()).unwrap())
            },
            |k, piece| {
                assert_eq!(piece, k.to_string());
                seen.push(k);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());

        let made = AtomicUsize::new(0);
        let err = in_order(
            10_000,
            |k, _: &mut ()| {
                made.fetch_add(1, Ordering::Relaxed);
                if k == 3 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(k)
                }
            },
            |_, _| Ok(()),
        )
        .unwrap_err();
        assert!(matches!(err, Stop::Io(e) if e.to_string() == "disk full"));
        assert!(made.load(Ordering::Relaxed) < 100, "the helpers stopped");

        let mut taken = 0;
        let err = in_order(
            1_000,
            |k, _: &mut ()| Ok(k),
            |k, _| {
                taken += 1;
                if k == 5 { Err(Stop::Cancelled) } else { Ok(()) }
            },
        )
        .unwrap_err();
        assert!(matches!(err, Stop::Cancelled));
        assert_eq!(taken, 6);
        assert_eq!(
            in_order(0, |k, _: &mut ()| Ok(k), |_, _| panic!("no piece")).ok(),
            Some(())
        );
    }
}
