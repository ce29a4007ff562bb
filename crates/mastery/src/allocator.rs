//! The process's allocator: the C library's for a command, mimalloc for a server.
//!
//! Why two. A command lives a few milliseconds and allocates little: mimalloc's start (reserving
//! its arena, initialising its bitmaps, faulting in fresh pages) and its purge at exit were
//! 0.9 ms of `attempt log`'s 5.6 ms, while folds over a million attempts ran as fast on either.
//! A server lives long and allocates per row and per request from many threads, where glibc's
//! `malloc` takes locks: the uncached domain page's median under 64 connections was 16 ms on
//! mimalloc and 27 ms on glibc. BENCHMARKS.md has both measurements.
//!
//! The choice is made once, by `main`, before the server's runtime starts any thread. Blocks
//! allocated before it (the arguments, the parsed command line) stay the C library's: a block is
//! freed or resized by the allocator whose memory holds it, which mimalloc's page map answers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Allocates from the C library until [`serve_from_mimalloc`] is called, from mimalloc after.
pub struct Allocator;

/// Set once, before any other thread exists, and never cleared: a block allocated while it was
/// clear is always the C library's.
static SERVING: AtomicBool = AtomicBool::new(false);

/// From now on new blocks come from mimalloc. Call before starting a server's threads.
pub fn serve_from_mimalloc() {
    SERVING.store(true, Ordering::Release);
}

fn serving() -> bool {
    SERVING.load(Ordering::Acquire)
}

/// Whether `ptr` is a block mimalloc handed out. Only ever true once serving: before that
/// mimalloc handed out nothing, and its page map is not consulted.
fn from_mimalloc(ptr: *mut u8) -> bool {
    // SAFETY: `mi_is_in_heap_region` only reads mimalloc's page map, and answers false for any
    // address outside it, including before mimalloc has mapped anything.
    serving() && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast_const().cast()) }
}

// SAFETY: every block is freed and resized by the allocator that handed it out (see
// `from_mimalloc`), and each of the two is itself a sound `GlobalAlloc`.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees on `layout` pass through unchanged.
        unsafe { if serving() { MiMalloc.alloc(layout) } else { System.alloc(layout) } }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe { if serving() { MiMalloc.alloc_zeroed(layout) } else { System.alloc_zeroed(layout) } }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` goes back to the allocator that handed it out.
        unsafe {
            if from_mimalloc(ptr) {
                MiMalloc.dealloc(ptr, layout);
            } else {
                System.dealloc(ptr, layout);
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is resized by the allocator that handed it out, which keeps it.
        unsafe {
            if from_mimalloc(ptr) {
                MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks from both allocators, freed and resized after the switch, each by its own.
    #[test]
    fn blocks_from_before_and_after_the_switch_go_back_to_their_own_allocator() {
        let layout = Layout::from_size_align(64, 16).expect("layout");
        // SAFETY: non-zero size; each block is freed once, by the allocator that made it.
        unsafe {
            let before = System.alloc(layout);
            assert!(!from_mimalloc(before));
            serve_from_mimalloc();
            let after = Allocator.alloc(layout);
            assert!(!after.is_null());
            assert!(from_mimalloc(after), "a block allocated while serving comes from mimalloc");
            assert!(!from_mimalloc(before), "a block from before stays the C library's");
            let grown = Allocator.realloc(before, layout, 4096);
            assert!(!from_mimalloc(grown), "a C library block is resized by the C library");
            Allocator.dealloc(grown, Layout::from_size_align(4096, 16).expect("layout"));
            let zeroed = Allocator.alloc_zeroed(layout);
            assert!(std::slice::from_raw_parts(zeroed, 64).iter().all(|&b| b == 0));
            Allocator.dealloc(zeroed, layout);
            Allocator.dealloc(after, layout);
        }
    }
}
