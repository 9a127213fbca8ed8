//! Stake TAO on a hotkey with a slippage limit computed from the pool's current price, then
//! show the new position.
//!
//! ```text
//! cargo run -p taochain-sdk --example stake_with_slippage -- \
//!     http://127.0.0.1:8545 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80 1 10 0.5
//! ```
//!
//! Arguments: RPC URL, private key (hex), netuid, amount in TAO, maximum slippage in percent.
//! The hotkey is the key's own (its twin), as for a subnet owner staking on itself.

// An example prints its results.
#![allow(clippy::print_stdout)]

use taochain_sdk::{Client, Error, Key, Progress, Slippage, Tao};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, key, netuid, amount, slippage] = args.as_slice() else {
        return Err(Error::InvalidInput(
            "arguments: RPC_URL KEY_HEX NETUID AMOUNT_TAO MAX_SLIPPAGE_PERCENT".into(),
        ));
    };
    let key = Key::from_hex(key)?;
    let netuid: u16 =
        netuid.parse().map_err(|_| Error::InvalidInput(format!("netuid {netuid:?}")))?;
    let amount: Tao = amount.parse()?;
    let slippage: Slippage = slippage.parse()?;

    let hotkey = key.id();
    let coldkey = key.id();
    let client = Client::connect(url).await?.with_key(key);
    let (call, quote) = client.add_stake_call(hotkey, netuid, amount, None, Some(slippage)).await?;
    println!("{}", call.summary);
    if let Some(q) = quote {
        println!("the pool quotes {} now", q.with_unit());
    }

    // Simulate, price the fee, check the balance; then sign, send and wait.
    let tx = client.prepare(call).await?;
    println!("fee at most {}", tx.max_fee().with_unit());
    let receipt = client
        .send(tx, |p| match p {
            Progress::Sent { hash } => println!("sent {hash}"),
            Progress::Mined { block, .. } => println!("mined in block {block}"),
            Progress::Waiting { .. } => {}
        })
        .await?;
    if let Some(ev) = receipt.event::<taochain_sdk::contracts::IStaking::StakeAdded>() {
        println!("received {} alpha-RAO for {} RAO", ev.alphaRao, ev.taoRao);
    }
    let held = client.stake(hotkey, coldkey, netuid).await?;
    println!("stake of {coldkey} on subnet {netuid}: {}", held.with_unit());
    Ok(())
}
