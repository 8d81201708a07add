using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class CapabilityTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        private Capability Derive(Thread t, Capability parent, uint rights)
            => new Capability(tk.Ok(t, SyscallFrames.CapabilityDerive(parent, new Rights(rights))));

        private SyscallError Validate(Thread t, Capability c, uint rights)
            => SyscallReturn.GetError(tk.Raw(t, SyscallFrames.CapabilityValidate(c, new Rights(rights))));

        [Fact]
        public void Init_holds_root_resource_console_and_log()
        {
            Assert.Equal(ObjectType.Resource, tk.RootResource.Type);
            Assert.Equal(ObjectType.Console, tk.ConsoleCap.Type);
            Assert.Equal(ObjectType.Log, tk.LogCap.Type);
            Assert.Equal(SyscallError.Success, Validate(T, tk.RootResource, Rights.ValidMask));
        }

        [Fact]
        public void Validate_checks_rights()
        {
            Capability ro = Derive(T, tk.ConsoleCap, Rights.WriteBit);
            Assert.Equal(SyscallError.Success, Validate(T, ro, Rights.WriteBit));
            Assert.Equal(SyscallError.Success, Validate(T, ro, 0));
            Assert.Equal(SyscallError.PermissionDenied, Validate(T, ro, Rights.WriteBit | Rights.GrantBit));
            Assert.Equal(SyscallError.InvalidParameter, Validate(T, ro, 1u << 30));
            Assert.Equal(SyscallError.InvalidParameter, SyscallReturn.GetError(tk.Raw(T, SyscallNumber.CapabilityValidate, ro.Raw, 1UL << 40)) /* register-level: rights above 32 bits */);
        }

        [Fact]
        public void Forged_tokens_are_invalid()
        {
            Capability good = tk.ConsoleCap;
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, Capability.Null, 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, Capability.Make(good.Index, good.Generation + 1, good.Type), 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, Capability.Make(good.Index, good.Generation, ObjectType.Memory), 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, Capability.Make(200, 1, ObjectType.Console), 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, Capability.Make(0xFFFF, 1, ObjectType.Console), 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, new Capability(good.Raw | (1UL << 62)), 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, new Capability(ulong.MaxValue), 0));
        }

        [Fact]
        public void Tokens_are_meaningless_in_another_process()
        {
            var (child, main) = tk.Spawn();
            Capability mine = Derive(T, tk.ConsoleCap, Rights.WriteBit);
            // Same index and generation may or may not exist there; a slot the child never filled is invalid.
            Assert.Equal(SyscallError.InvalidCapability, Validate(main, mine, 0));
            Assert.Equal(0, child.Capabilities.Count);
        }

        [Fact]
        public void Derive_only_shrinks_rights()
        {
            Capability w = Derive(T, tk.ConsoleCap, Rights.WriteBit | Rights.DeriveBit);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.CapabilityDerive(w, new Rights(Rights.WriteBit | Rights.GrantBit))));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.CapabilityDerive(w, Rights.Read)));
            Capability w2 = Derive(T, w, Rights.WriteBit);
            Assert.Equal(SyscallError.Success, Validate(T, w2, Rights.WriteBit));
        }

        [Fact]
        public void Derive_needs_the_derive_right()
        {
            Capability noDerive = Derive(T, tk.ConsoleCap, Rights.WriteBit);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.CapabilityDerive(noDerive, Rights.Write)));
        }

        [Fact]
        public void Derive_rejects_unknown_bits_and_bad_tokens()
        {
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, new Rights(1u << 12))));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(T, SyscallFrames.CapabilityDerive(new Capability(12345), Rights.Write)));
        }

        [Fact]
        public void Capability_space_exhaustion_is_resource_exhausted()
        {
            var cfg = Veridian.Kernel.KernelConfig.Default;
            cfg.CapabilitySlotsPerProcess = 8;
            var small = new TestKernel(cfg);
            for (int i = 5; i < 8; i++)     // the initial process starts with five
                small.Ok(small.InitThread, SyscallFrames.CapabilityDerive(small.ConsoleCap, Rights.Write));
            Assert.Equal(SyscallError.ResourceExhausted,
                small.Err(small.InitThread, SyscallFrames.CapabilityDerive(small.ConsoleCap, Rights.Write)));
        }

        [Fact]
        public void Revoke_kills_the_capability_and_all_derivatives_in_every_process()
        {
            Capability a = Derive(T, tk.ConsoleCap, Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit);
            Capability b = Derive(T, a, Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit);
            var (child, main) = tk.Spawn(null, b);
            Capability inChild = tk.Granted(main)[0];
            Capability grandchild = Derive(main, inChild, Rights.WriteBit);
            Assert.Equal(SyscallError.Success, Validate(main, grandchild, Rights.WriteBit));

            tk.Ok(T, SyscallFrames.CapabilityRevoke(a));

            Assert.Equal(SyscallError.InvalidCapability, Validate(T, a, 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, b, 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(main, inChild, 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(main, grandchild, 0));
            Assert.Equal(SyscallError.Success, Validate(T, tk.ConsoleCap, Rights.WriteBit));
            Assert.Equal(0, child.Capabilities.Count);
        }

        [Fact]
        public void Revoked_slot_reuse_does_not_revive_old_tokens()
        {
            Capability a = Derive(T, tk.ConsoleCap, Rights.WriteBit);
            tk.Ok(T, SyscallFrames.CapabilityRevoke(a));
            Capability b = Derive(T, tk.ConsoleCap, Rights.WriteBit);
            Assert.Equal(a.Index, b.Index);
            Assert.NotEqual(a.Generation, b.Generation);
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, a, 0));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(T, SyscallFrames.CapabilityRevoke(a)));
            Assert.Equal(SyscallError.Success, Validate(T, b, Rights.WriteBit));
        }

        [Fact]
        public void Revoking_a_middle_node_keeps_its_parent_and_siblings()
        {
            Capability a = Derive(T, tk.ConsoleCap, Rights.WriteBit | Rights.DeriveBit);
            Capability b1 = Derive(T, a, Rights.WriteBit | Rights.DeriveBit);
            Capability b2 = Derive(T, a, Rights.WriteBit);
            Capability c1 = Derive(T, b1, Rights.WriteBit);
            tk.Ok(T, SyscallFrames.CapabilityRevoke(b1));
            Assert.Equal(SyscallError.Success, Validate(T, a, 0));
            Assert.Equal(SyscallError.Success, Validate(T, b2, 0));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, c1, 0));
        }

        [Fact]
        public void Create_memory_needs_a_resource_capability_with_create()
        {
            Capability m = tk.NewMemory(T, 8192);
            Assert.Equal(ObjectType.Memory, m.Type);
            Assert.Equal(1, tk.K.LiveMemoryObjectCount);

            Capability noCreate = Derive(T, tk.RootResource, Rights.ReadBit | Rights.WriteBit);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, noCreate)));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, tk.ConsoleCap)));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, default(Capability))));
        }

        [Fact]
        public void Create_cannot_grant_more_than_the_parent_has()
        {
            Capability limited = Derive(T, tk.RootResource, Rights.CreateBit | Rights.ReadBit);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), new Rights(Rights.ReadBit | Rights.WriteBit), limited)));
            ulong ok = tk.Ok(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, limited));
            Assert.Equal(SyscallError.PermissionDenied, Validate(T, new Capability(ok), Rights.WriteBit));
        }

        [Fact]
        public void Create_parameters_are_checked()
        {
            ulong root = tk.RootResource.Raw;
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, default(ObjectId), Rights.Read, new Capability(root))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(1UL << 40), Rights.Read, new Capability(root))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Endpoint, new ObjectId(5), Rights.Read, new Capability(root))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CapabilityCreate((ObjectType)99, default(ObjectId), Rights.Read, new Capability(root))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallNumber.CapabilityCreate, 1000, 0, Rights.ReadBit, root) /* register-level: type above 8 bits */);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), new Rights(1u << 9), new Capability(root))));
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Process, default(ObjectId), Rights.Read, new Capability(root))));
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.CapabilityCreate(ObjectType.Console, default(ObjectId), Rights.Read, new Capability(root))));
        }

        [Fact]
        public void Create_endpoint_through_the_resource()
        {
            ulong raw = tk.Ok(T, SyscallFrames.CapabilityCreate(ObjectType.Endpoint, default(ObjectId), new Rights(Rights.ReadBit | Rights.WriteBit), tk.RootResource));
            Assert.Equal(ObjectType.Endpoint, new Capability(raw).Type);
            Assert.Equal(1, tk.K.LiveEndpointCount);
        }

        [Fact]
        public void Create_out_of_memory_and_exhausted_pool()
        {
            var cfg = Veridian.Kernel.KernelConfig.Default;
            cfg.MaxMemoryObjects = 1;
            var small = new TestKernel(cfg, frames: 200);
            ulong root = small.RootResource.Raw;
            Assert.Equal(SyscallError.OutOfMemory, small.Err(small.InitThread, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096UL * 500), Rights.Read, new Capability(root))));
            small.Ok(small.InitThread, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, new Capability(root)));
            Assert.Equal(SyscallError.ResourceExhausted, small.Err(small.InitThread, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, new Capability(root))));
        }

        [Fact]
        public void Revoking_the_resource_revokes_everything_created_through_it()
        {
            Capability sub = Derive(T, tk.RootResource, Rights.ValidMask);
            ulong mem = tk.Ok(T, SyscallFrames.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, sub));
            int freeBefore = tk.Platform.SimFrames.FreeCount;
            tk.Ok(T, SyscallFrames.CapabilityRevoke(sub));
            Assert.Equal(SyscallError.InvalidCapability, Validate(T, new Capability(mem), 0));
            Assert.Equal(0, tk.K.LiveMemoryObjectCount);
            Assert.Equal(freeBefore + 1, tk.Platform.SimFrames.FreeCount);
        }
    }
}
