//! Blank frames to draw in, shared by the explorers of one server. A session keeps the
//! frame it sent (to diff the next against, and to copy unchanged panes from); the frame it
//! draws next is needed only while it draws. With a hundred readers each keeping both, every
//! key found both cold in the cache: a key cost about 100 µs of CPU against 68 µs for one
//! reader alone (`examples/serve_keys --readers 100`). Drawn in a frame from here instead,
//! the one most lately handed back (and so most likely still in the cache), a session keeps
//! one frame's cells instead of two.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::sync::Mutex;

/// Frames kept at most: about as many as are drawn at once on a small server, with room
/// for the sessions the scheduler stops mid-frame.
const MOST_FRAMES: usize = 8;

/// Cells kept at most, in all: two frames of the largest window a session draws
/// (`serve::session::MOST_CELLS`), about 4 MB, so the pool never holds much more than a
/// session or two would.
const MOST_CELLS: usize = 90_000;

#[derive(Default)]
pub struct FramePool {
    frames: Mutex<Vec<Buffer>>,
}

impl FramePool {
    /// A blank frame of `area`: the frame handed back last, if any, resized (and blanked)
    /// if it was another size.
    pub fn take(&self, area: Rect) -> Buffer {
        let kept = self.frames().pop();
        match kept {
            Some(buffer) if buffer.area == area => buffer,
            Some(mut buffer) => {
                buffer.resize(area);
                buffer.reset();
                buffer
            }
            None => Buffer::empty(area),
        }
    }

    /// A frame no longer drawn in, blank (`Buffer::reset`): kept for the next `take`
    /// while the pool has room, else dropped.
    pub fn give(&self, buffer: Buffer) {
        let mut frames = self.frames();
        let cells: usize = frames.iter().map(|kept| kept.content.len()).sum();
        if frames.len() < MOST_FRAMES && cells + buffer.content.len() <= MOST_CELLS {
            frames.push(buffer);
        }
    }

    fn frames(&self) -> std::sync::MutexGuard<'_, Vec<Buffer>> {
        self.frames
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Frames kept now (for tests).
    pub fn kept(&self) -> usize {
        self.frames().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Cell;

    fn area(width: u16, height: u16) -> Rect {
        Rect::new(0, 0, width, height)
    }

    #[test]
    fn the_frame_handed_back_last_is_the_one_taken_next() {
        let pool = FramePool::default();
        let (first, second) = (Buffer::empty(area(4, 2)), Buffer::empty(area(4, 2)));
        let second_cells = second.content.as_ptr();
        pool.give(first);
        pool.give(second);
        assert_eq!(pool.take(area(4, 2)).content.as_ptr(), second_cells);
        assert_eq!(pool.kept(), 1);
    }

    #[test]
    fn a_frame_of_another_size_is_taken_resized_and_blank() {
        let pool = FramePool::default();
        pool.give(Buffer::with_lines(["ab", "cd"]));
        let taken = pool.take(area(3, 3));
        assert_eq!(taken.area, area(3, 3));
        assert!(taken.content.iter().all(|cell| *cell == Cell::EMPTY));
        assert_eq!(pool.take(area(5, 1)), Buffer::empty(area(5, 1)));
    }

    #[test]
    fn the_pool_keeps_no_more_frames_or_cells_than_its_bounds() {
        let pool = FramePool::default();
        for _ in 0..MOST_FRAMES + 3 {
            pool.give(Buffer::empty(area(80, 24)));
        }
        assert_eq!(pool.kept(), MOST_FRAMES);
        let pool = FramePool::default();
        for _ in 0..3 {
            pool.give(Buffer::empty(area(400, 112)));
        }
        // Two of the largest frames fill it, but for a few cells.
        assert_eq!(pool.kept(), 2);
        pool.give(Buffer::empty(area(80, 24)));
        assert_eq!(pool.kept(), 2);
        pool.give(Buffer::empty(area(20, 20)));
        assert_eq!(pool.kept(), 3);
    }
}
