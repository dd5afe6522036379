//! Pages, stage 3: the whole book as composed pages — the stories' pages from
//! `flow`, the front and back matter, the contents, running heads and folios.

pub mod compose;
