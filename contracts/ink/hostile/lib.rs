//! Hostile test contract for wasm-host: each message writes a marker into storage first, then
//! misbehaves (endless loop, memory growth, recursion through self-calls, a huge value), so a
//! test can check that the host stops it, charges the gas and leaves the state unchanged.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract(env = counter::TaoEnv)]
mod hostile {
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::env::CallFlags;
    use ink::prelude::vec::Vec;

    const MARKER: u32 = 0x4d41_524b;

    #[ink(storage)]
    pub struct Hostile {
        spins: u64,
    }

    impl Hostile {
        /// Nothing stored but a zero counter.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self { spins: 0 }
        }

        fn mark(&self) {
            ink::env::set_contract_storage(&MARKER, &1u32);
        }

        /// The marker, if any call left it behind.
        #[ink(message)]
        pub fn marker(&self) -> Option<u32> {
            ink::env::get_contract_storage::<u32, u32>(&MARKER).ok().flatten()
        }

        /// Never ends.
        #[ink(message)]
        pub fn spin(&mut self) {
            self.mark();
            loop {
                self.spins = self.spins.wrapping_add(1);
                if self.spins == u64::MAX {
                    break;
                }
                if self.env().block_number() == u32::MAX {
                    break;
                }
            }
        }

        /// Allocates until memory runs out.
        #[ink(message)]
        pub fn grow(&mut self) -> u32 {
            self.mark();
            let mut blocks: Vec<Vec<u8>> = Vec::new();
            loop {
                blocks.push(ink::prelude::vec![7u8; 64 * 1024]);
                if blocks.len() == usize::MAX {
                    return blocks.len() as u32;
                }
            }
        }

        /// Calls itself with `depth + 1`, for ever.
        #[ink(message)]
        pub fn recurse(&mut self, depth: u32) -> u32 {
            self.mark();
            let me = self.env().account_id();
            build_call::<counter::TaoEnv>()
                .call(me)
                .call_flags(CallFlags::ALLOW_REENTRY)
                .exec_input(
                    ExecutionInput::new(Selector::new(ink::selector_bytes!("recurse")))
                        .push_arg(depth + 1),
                )
                .returns::<u32>()
                .invoke()
        }

        /// Stores a value of `len` bytes.
        #[ink(message)]
        pub fn big(&mut self, len: u32) {
            self.mark();
            let v = ink::prelude::vec![1u8; len as usize];
            ink::env::set_contract_storage(&1u8, &v);
        }
    }
}
