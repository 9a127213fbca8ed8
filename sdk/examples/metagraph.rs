//! Read a subnet's metagraph and pool.
//!
//! ```text
//! cargo run -p taochain-sdk --example metagraph -- http://127.0.0.1:8545 1
//! ```
//!
//! Arguments: the node's RPC URL (default `http://127.0.0.1:8545`) and the netuid (default 1).

// An example prints its results.
#![allow(clippy::print_stdout)]

use taochain_sdk::amount::ratio_u16;
use taochain_sdk::{Client, Error};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "http://127.0.0.1:8545".into());
    let netuid: u16 = match args.next() {
        Some(n) => {
            n.parse().map_err(|_| Error::InvalidInput(format!("netuid {n:?} is not a number")))?
        }
        None => 1,
    };

    let client = Client::connect(&url).await?;
    let pool = client.pool(netuid).await?;
    println!(
        "subnet {netuid}: {} : {} in the pool, price {} TAO/alpha (moving {})",
        pool.tao_in.with_unit(),
        pool.alpha_in.with_unit(),
        pool.price,
        pool.moving_price
    );

    let m = client.metagraph(netuid).await?;
    println!("{} neurons at block {}", m.neurons.len(), m.block);
    for n in &m.neurons {
        println!(
            "uid {:>3}  hotkey {}  stake {:>15} alpha  incentive {}  dividends {}  axon {}",
            n.uid,
            n.hotkey,
            n.stake,
            ratio_u16(n.incentive),
            ratio_u16(n.dividends),
            n.axon.map_or_else(|| "-".to_owned(), |a| a.to_string()),
        );
    }
    Ok(())
}
