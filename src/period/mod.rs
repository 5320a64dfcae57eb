//! The billing period in time (DESIGN §4, Time): its dates, and the changes effective
//! inside it that split it into sub-periods, each under its own hierarchy and owners
//! (`billed`: the view of one of them an invoice run reads), and the subscriptions
//! paused, resumed or cancelled in it (`lifecycle`), and the usage rows kept with
//! their days so a what-if can split them at its dates (`dated_rows`).
//! Depends on `common`, `input`, `hierarchy` and `owners` (a sub-period's owners come
//! from owner resolution over its hierarchy); `invoice` reads every period through it.

pub mod billed;
pub mod dated_rows;
pub mod dates;
pub mod lifecycle;
pub mod parts;
pub mod timeline;
