#!/usr/bin/python3
"""Builds random-weight SDSeg networks from the OFFICIAL code, saves their state
dict in the official checkpoint key layout, and runs the official single-step
inference (spec section 3) on deterministic test images.

Usage:
  /usr/bin/python3 tools/parity/make_reference.py --official-repo /tmp/parity/official \
      --config tools/parity/configs/small64.yaml --seed 0 --out /tmp/parity/small64 --images 4
"""
import argparse
import json
import os
import platform
import resource
import shutil
import sys
import time

import numpy as np
import torch
import yaml
from PIL import Image

sys.dont_write_bytecode = True  # keep tools/parity free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official_modules as om  # noqa: E402
from test_images import make_test_image  # noqa: E402

EXPECTED_TARGETS = {
    "unet_config": "ldm.modules.diffusionmodules.openaimodel.UNetModel",
    "first_stage_config": "ldm.models.autoencoder.AutoencoderKL",
    "cond_stage_config": "ldm.modules.encoders.modules.AEEncoderEmbedder",
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--official-repo", required=True, help="work tree of lin-tianyu/Stable-Diffusion-Seg")
    p.add_argument("--config", required=True, help="official-format YAML (model.params.*)")
    p.add_argument("--seed", type=int, required=True, help="noise seed: torch.manual_seed(seed); randn(1,4,h,w)")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--images", type=int, default=4, help="number of test images (default 4)")
    p.add_argument("--size", type=int, default=None, help="image size in px (default: ddconfig.resolution)")
    p.add_argument("--init-seed", type=int, default=1234, help="seed for building and randomising weights")
    p.add_argument("--scale-factor", default="auto",
                   help="scale_factor buffer; 'auto' = 1/std of the first image's predicted latent "
                        "(what scale_by_std does with mask latents), else a number")
    p.add_argument("--weight-gain", type=float, default=1.0, help="weights ~ N(0, (gain/sqrt(fan_in))^2)")
    p.add_argument("--norm-jitter", type=float, default=0.1, help="norm weights ~ 1 + N(0, jitter^2)")
    p.add_argument("--bias-std", type=float, default=0.05, help="biases and norm biases ~ N(0, std^2)")
    p.add_argument("--ema", choices=["none", "same", "distinct"], default="same",
                   help="model_ema.* keys: none; same (= model.diffusion_model); distinct (inference uses "
                        "model_ema, model.diffusion_model gets other random weights)")
    p.add_argument("--skip-weights", action="store_true", help="do not write weights.pt (large configs)")
    p.add_argument("--no-intermediates", action="store_true", help="do not write cond/eps/z0/decoded .npy")
    p.add_argument("--threads", type=int, default=1, help="torch threads (the machine is shared)")
    return p.parse_args()


def load_model_params(path):
    with open(path) as f:
        cfg = yaml.safe_load(f)
    try:
        params = cfg["model"]["params"]
    except (KeyError, TypeError):
        raise SystemExit(f"{path}: expected an official-format config with model.params")
    for key, target in EXPECTED_TARGETS.items():
        if key not in params:
            raise SystemExit(f"{path}: model.params.{key} is missing")
        if params[key].get("target") != target:
            raise SystemExit(f"{path}: model.params.{key}.target is {params[key].get('target')!r}, expected {target!r}")
    if params.get("conditioning_key", "concat") != "concat":
        raise SystemExit(f"{path}: only conditioning_key 'concat' (binary SDSeg) is supported")
    if params["unet_config"]["params"].get("num_classes") is not None:
        raise SystemExit(f"{path}: multi-class UNet (num_classes) is not supported")
    return params


def randomise(module, generator, gain, norm_jitter, bias_std):
    """Overwrite every parameter so that zero-initialised convs and GroupNorm affine
    parameters are not trivially 0 or 1 (otherwise the check would miss whole paths)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() >= 2:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=generator) * (gain / fan_in ** 0.5))
            elif name.endswith("weight"):  # GroupNorm affine scale
                p.copy_(1.0 + norm_jitter * torch.randn(p.shape, generator=generator))
            else:
                p.copy_(bias_std * torch.randn(p.shape, generator=generator))


def build_networks(official, unet_params, fs_params, cond_params, init_seed, rnd, distinct_raw_unet=False):
    """Builds the three official networks under torch.manual_seed(init_seed), randomises
    every parameter from a generator seeded with init_seed, and puts them in eval mode.
    With distinct_raw_unet, also returns a second, differently randomised UNet state
    (stored as model.diffusion_model.* while the first goes to model_ema.*)."""
    torch.manual_seed(init_seed)
    unet = om.build_unet(official, unet_params)
    first_stage = om.FirstStageKL(official, fs_params["embed_dim"], dict(fs_params["ddconfig"]))
    cond = om.ConditionEncoder(official, cond_params)
    gen = torch.Generator().manual_seed(init_seed)
    for m in (unet, first_stage, cond):
        randomise(m, gen, **rnd)
        m.eval()
    raw_state = None
    if distinct_raw_unet:
        other = om.build_unet(official, unet_params)
        randomise(other, gen, **rnd)
        raw_state = prefixed("", other.state_dict())
    return unet, first_stage, cond, raw_state


def prefixed(prefix, state):
    return {prefix + k: v.detach().clone() for k, v in state.items()}


def assemble_state_dict(raw_unet_state, ema_unet_state, first_stage, cond, buffers, scale_factor):
    """The SDSeg checkpoint layout (spec section 6): model.diffusion_model.*, model_ema.*
    (names with every '.' deleted, plus decay and num_updates), first_stage_model.*,
    cond_stage_model.*, the 12 schedule buffers and scale_factor."""
    state = {}
    state.update(prefixed("model.diffusion_model.", raw_unet_state))
    if ema_unet_state is not None:
        state["model_ema.decay"] = torch.tensor(0.9999, dtype=torch.float32)
        state["model_ema.num_updates"] = torch.tensor(0, dtype=torch.int32)
        for k, v in ema_unet_state.items():
            state["model_ema." + ("diffusion_model." + k).replace(".", "")] = v.detach().clone()
    state.update(prefixed("first_stage_model.", first_stage.state_dict()))
    state.update(prefixed("cond_stage_model.", cond.state_dict()))
    state.update(buffers)
    state["scale_factor"] = scale_factor
    return state


def image_to_model_input(rgb):
    """KSEG/CVC test path: float32(x)/255 then *2-1 (numpy float32), HWC -> 1CHW."""
    arr = rgb.astype(np.float32) / 255.0
    arr = arr * 2.0 - 1.0
    return torch.from_numpy(arr).permute(2, 0, 1).unsqueeze(0).contiguous().float()


def denoise_single_step(unet, noise, c, t_last, coef_x, coef_e):
    """apply_model (concat: x_t channels first, then c) and predict_start_from_noise."""
    eps = unet(torch.cat([noise, c], dim=1), t_last)
    return eps, coef_x * noise - coef_e * eps


def decode_soft(first_stage, z0, scale_factor):
    """decode_first_stage (multiplies by 1/scale_factor, a float32 tensor), then
    clamp((x+1)/2, 0, 1) and the mean over the 3 channels; returns (decoded, HxW soft map)."""
    decoded = first_stage.decode(1.0 / scale_factor * z0)
    prob = torch.clamp((decoded + 1.0) / 2.0, min=0.0, max=1.0)
    return decoded, prob.mean(dim=1)[0]


def main():
    args = parse_args()
    if args.images < 1:
        raise SystemExit("--images must be at least 1")
    torch.set_num_threads(args.threads)
    params = load_model_params(args.config)
    official = om.load_official(args.official_repo)

    unet_params = dict(params["unet_config"]["params"])
    fs_params = params["first_stage_config"]["params"]
    cond_params = dict(params["cond_stage_config"]["params"])
    ddconfig = dict(fs_params["ddconfig"])
    size = args.size or int(ddconfig["resolution"])
    down = 2 ** (len(ddconfig["ch_mult"]) - 1)
    if size % down != 0:
        raise SystemExit(f"--size {size} is not divisible by the VAE downsampling factor {down}")
    latent = size // down
    unet_down = 2 ** (len(unet_params["channel_mult"]) - 1)
    if latent % unet_down != 0:
        raise SystemExit(f"latent size {latent} is not divisible by the UNet downsampling factor {unet_down}")
    timesteps = int(params.get("timesteps", 1000))

    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "reference"), exist_ok=True)

    t0 = time.perf_counter()
    rnd = dict(gain=args.weight_gain, norm_jitter=args.norm_jitter, bias_std=args.bias_std)
    unet, first_stage, cond, raw_unet_state = build_networks(
        official, unet_params, fs_params, cond_params, args.init_seed, rnd, distinct_raw_unet=args.ema == "distinct")
    ema_unet_state = prefixed("", unet.state_dict())
    raw_unet_state = raw_unet_state or ema_unet_state
    build_s = time.perf_counter() - t0

    buffers = om.schedule_buffers(official, timesteps, float(params["linear_start"]), float(params["linear_end"]))
    n_params = {name: sum(p.numel() for p in m.parameters())
                for name, m in (("unet", unet), ("first_stage", first_stage), ("cond_stage", cond))}
    print(f"built in {build_s:.1f}s: {n_params}; image {size}px, latent {latent}x{latent}", flush=True)

    stems = []
    for i in range(args.images):
        stems.append(f"img{i:03d}")
        Image.fromarray(make_test_image(i, size), mode="RGB").save(os.path.join(args.out, "images", stems[-1] + ".png"))

    ref_dir = os.path.join(args.out, "reference")
    t_last = torch.tensor([timesteps - 1], dtype=torch.long)
    coef_x = official.util.extract_into_tensor(buffers["sqrt_recip_alphas_cumprod"], t_last, (1, 4, latent, latent))
    coef_e = official.util.extract_into_tensor(buffers["sqrt_recipm1_alphas_cumprod"], t_last, (1, 4, latent, latent))

    noise = None
    scale_factor = None
    per_image = []
    with torch.no_grad():
        for stem in stems:
            # Re-read the PNG so the reference sees exactly the bytes the C# side reads.
            rgb = np.array(Image.open(os.path.join(args.out, "images", stem + ".png")).convert("RGB"))
            x = image_to_model_input(rgb)
            ts = time.perf_counter()
            c = cond(x)
            t_cond = time.perf_counter()
            if noise is None:  # drawn once, re-used for every image (log_dice's `noise = default(noise, ...)`)
                torch.manual_seed(args.seed)
                noise = torch.randn(c.shape)
            eps, z0 = denoise_single_step(unet, noise, c, t_last, coef_x, coef_e)
            t_unet = time.perf_counter()
            if scale_factor is None:
                sf = 1.0 / z0.flatten().std().item() if args.scale_factor == "auto" else float(args.scale_factor)
                scale_factor = torch.tensor(sf, dtype=torch.float32)
            decoded, soft = decode_soft(first_stage, z0, scale_factor)
            mask = soft > 0.5
            t_end = time.perf_counter()

            soft_np = soft.numpy().astype(np.float32)
            np.save(os.path.join(ref_dir, stem + ".soft.npy"), soft_np)
            Image.fromarray((mask.numpy() * 255).astype(np.uint8), mode="L").save(os.path.join(ref_dir, stem + ".mask.png"))
            if not args.no_intermediates:
                np.save(os.path.join(ref_dir, stem + ".cond.npy"), c.numpy())
                np.save(os.path.join(ref_dir, stem + ".eps.npy"), eps.numpy())
                np.save(os.path.join(ref_dir, stem + ".z0.npy"), z0.numpy())
                np.save(os.path.join(ref_dir, stem + ".decoded.npy"), decoded.numpy())
            entry = {
                "stem": stem,
                "seconds": {"cond": t_cond - ts, "unet": t_unet - t_cond, "decode": t_end - t_unet, "total": t_end - ts},
                "soft_min": float(soft_np.min()), "soft_max": float(soft_np.max()), "soft_mean": float(soft_np.mean()),
                "soft_fraction_in_0.05_0.95": float(((soft_np > 0.05) & (soft_np < 0.95)).mean()),
                "mask_foreground_fraction": float(mask.float().mean()),
            }
            per_image.append(entry)
            print(f"{stem}: {entry['seconds']['total']:.2f}s soft [{entry['soft_min']:.3f}, {entry['soft_max']:.3f}] "
                  f"mask fg {entry['mask_foreground_fraction']:.3f}", flush=True)
        if not args.no_intermediates and noise is not None:
            np.save(os.path.join(ref_dir, "noise.npy"), noise.numpy())
    rss_after_inference = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    state = assemble_state_dict(raw_unet_state, ema_unet_state if args.ema != "none" else None,
                                first_stage, cond, buffers, scale_factor)
    if not args.skip_weights:
        torch.save(state, os.path.join(args.out, "weights.pt"))
    shutil.copyfile(args.config, os.path.join(args.out, "config.yaml"))

    summary = {
        "official_repo": os.path.abspath(args.official_repo),
        "config": os.path.abspath(args.config),
        "seed": args.seed, "init_seed": args.init_seed, "threads": torch.get_num_threads(),
        "torch": torch.__version__, "python": platform.python_version(),
        "image_size": size, "latent_shape": list(noise.shape) if noise is not None else None,
        "timestep": timesteps - 1,
        "coef_sqrt_recip_alphas_cumprod": float(coef_x.flatten()[0]),
        "coef_sqrt_recipm1_alphas_cumprod": float(coef_e.flatten()[0]),
        "scale_factor": float(state["scale_factor"]),
        "unet_weights_used": "model_ema.*" if args.ema == "distinct" else "model.diffusion_model.* (== model_ema.*)" if args.ema == "same" else "model.diffusion_model.*",
        "ema_mode": args.ema,
        "randomisation": rnd,
        "parameters": n_params, "state_dict_keys": len(state),
        "weights_saved": not args.skip_weights,
        "build_seconds": build_s,
        "peak_rss_mib_after_inference": rss_after_inference,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "images": per_image,
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(f"wrote {args.out} (peak RSS {summary['peak_rss_mib']:.0f} MiB)")


if __name__ == "__main__":
    main()
