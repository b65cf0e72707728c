//! The provisioning logs as the admin reads them: the query ([`filter`]), the words of a row
//! and of a failed or empty load ([`failure`]), and the downloads ([`export`]).

pub mod event;
pub mod export;
pub mod failure;
pub mod filter;
pub mod markup;

pub use event::{Identity, LogEvent, LogPage, Modified, Step, parse_log_page};
pub use export::{logs_csv, logs_file_name, logs_json};
pub use failure::{LogsFault, empty_sentence, event_title, identity_of, label};
pub use filter::{LogFilter, Period};
pub use markup::{details_html, fields_html, table_html};
