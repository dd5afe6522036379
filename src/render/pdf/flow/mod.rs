//! Flow, stage 2: a story's blocks as lines on the baseline grid (`story`), cut into
//! pages by the page breaker (`pagebreak`). Takes set lines from `inline`.

pub mod pagebreak;
pub mod story;
