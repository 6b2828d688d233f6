//! SQLite's own allocations — its page caches, the values of every row it hands over — go to
//! mimalloc, the allocator the rest of the server uses, instead of glibc's malloc. SQLite's driver
//! runs each connection on a thread of its own: a row's values are allocated there and freed on
//! the thread that reads them. glibc serves that pattern badly (each free goes back to the other
//! thread's arena under its lock, and the allocating thread's next malloc sorts through its bins):
//! a fifth of an XLSX export's CPU went to it. mimalloc frees across threads cheaply and gives
//! memory back to the system sooner.

use std::os::raw::{c_int, c_void};
use std::ptr::null_mut;

use libsqlite3_sys as ffi;

unsafe extern "C" fn allocate(size: c_int) -> *mut c_void {
    match usize::try_from(size) {
        // SAFETY: any size may be asked of mimalloc; it returns null when it has none.
        Ok(size) => unsafe { libmimalloc_sys::mi_malloc(size) },
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn free(block: *mut c_void) {
    // SAFETY: SQLite frees only what `allocate` or `reallocate` gave it (or null).
    unsafe { libmimalloc_sys::mi_free(block) }
}

unsafe extern "C" fn reallocate(block: *mut c_void, size: c_int) -> *mut c_void {
    match usize::try_from(size) {
        // SAFETY: as in `free`; the block is SQLite's, from this allocator.
        Ok(size) => unsafe { libmimalloc_sys::mi_realloc(block, size) },
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn size_of(block: *mut c_void) -> c_int {
    // SAFETY: as in `free`; mimalloc answers 0 for null.
    let size = unsafe { libmimalloc_sys::mi_usable_size(block) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn round_up(size: c_int) -> c_int {
    match usize::try_from(size) {
        // SAFETY: a pure function of the size.
        Ok(n) => c_int::try_from(unsafe { libmimalloc_sys::mi_good_size(n) }).unwrap_or(size),
        Err(_) => size,
    }
}

unsafe extern "C" fn init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn shutdown(_: *mut c_void) {}

/// Makes SQLite allocate through mimalloc. It must come before SQLite's first use (its first
/// connection); after that SQLite refuses, and the error code is returned: SQLite then keeps
/// glibc's malloc, which works, only slower.
pub fn allocate_with_mimalloc() -> Result<(), c_int> {
    let methods = ffi::sqlite3_mem_methods {
        xMalloc: Some(allocate),
        xFree: Some(free),
        xRealloc: Some(reallocate),
        xSize: Some(size_of),
        xRoundup: Some(round_up),
        xInit: Some(init),
        xShutdown: Some(shutdown),
        pAppData: null_mut(),
    };
    // SAFETY: SQLITE_CONFIG_MALLOC takes a pointer to a `sqlite3_mem_methods`, which SQLite copies
    // before returning; the functions are thread-safe, as mimalloc is. Called after SQLite started,
    // it changes nothing and says so (SQLITE_MISUSE).
    let code = unsafe {
        ffi::sqlite3_config(
            ffi::SQLITE_CONFIG_MALLOC,
            &methods as *const ffi::sqlite3_mem_methods,
        )
    };
    if code == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The only test in this binary that starts SQLite, so the allocator can still be chosen.
    #[test]
    fn sqlite_allocates_from_mimalloc_once_told_to() {
        assert_eq!(allocate_with_mimalloc(), Ok(()));
        // SAFETY: a block SQLite allocates, asked about, written and freed again.
        unsafe {
            let block = ffi::sqlite3_malloc(1000);
            assert!(!block.is_null());
            assert!(
                libmimalloc_sys::mi_is_in_heap_region(block),
                "mimalloc's block"
            );
            assert!(ffi::sqlite3_msize(block) >= 1000);
            std::ptr::write_bytes(block.cast::<u8>(), 7, 1000);
            let grown = ffi::sqlite3_realloc(block, 5000);
            assert!(libmimalloc_sys::mi_is_in_heap_region(grown));
            assert_eq!(*grown.cast::<u8>().add(999), 7, "realloc keeps the content");
            ffi::sqlite3_free(grown);
        }
        // Once SQLite has started, it keeps its allocator.
        assert_eq!(allocate_with_mimalloc(), Err(ffi::SQLITE_MISUSE));
    }
}
