"""Imports the official SDSeg model classes from a local checkout and wraps them
in the minimal containers whose state-dict keys match an SDSeg checkpoint.

Nothing here re-implements a layer: every computation runs in the official
classes (openaimodel.UNetModel, model.Encoder, model.Decoder). Only the two
thin containers below are re-declared, because their official homes
(ldm/models/autoencoder.py, ldm/modules/encoders/modules.py) import packages
that are neither needed for the forward pass nor installable here
(pytorch_lightning, taming, clip, transformers).
"""
import importlib
import os
import sys
import types

import torch
from torch import nn


def _install_einops_shim():
    """einops is imported at module level by the official files but is not used
    on the inference path of the binary SDSeg configs. Debian has no package
    for it, so a stub that fails loudly if ever called stands in for it."""
    try:
        importlib.import_module("einops")
        return
    except ImportError:
        pass

    def _unavailable(name):
        def fail(*_args, **_kwargs):
            raise RuntimeError(
                f"einops.{name} was called, but only a stub is installed; "
                "this code path is not part of SDSeg single-step inference")
        return fail

    shim = types.ModuleType("einops")
    shim.rearrange = _unavailable("rearrange")
    shim.repeat = _unavailable("repeat")
    shim.reduce = _unavailable("reduce")
    sys.modules["einops"] = shim


def load_official(repo_dir):
    """Puts the official checkout on sys.path and returns the modules we use."""
    marker = os.path.join(repo_dir, "ldm", "modules", "diffusionmodules", "openaimodel.py")
    if not os.path.isfile(marker):
        raise SystemExit(f"--official-repo {repo_dir!r} is not an SDSeg checkout: {marker} is missing")
    _install_einops_shim()
    sys.path.insert(0, os.path.abspath(repo_dir))
    openaimodel = importlib.import_module("ldm.modules.diffusionmodules.openaimodel")
    vae_model = importlib.import_module("ldm.modules.diffusionmodules.model")
    diffusion_util = importlib.import_module("ldm.modules.diffusionmodules.util")
    return types.SimpleNamespace(openaimodel=openaimodel, vae_model=vae_model, util=diffusion_util)


class FirstStageKL(nn.Module):
    """The four submodules of the official AutoencoderKL (no loss, no Lightning)."""

    def __init__(self, official, embed_dim, ddconfig):
        super().__init__()
        if not ddconfig.get("double_z", False):
            raise SystemExit("first_stage_config.params.ddconfig.double_z must be true (as in AutoencoderKL)")
        self.encoder = official.vae_model.Encoder(**ddconfig)
        self.decoder = official.vae_model.Decoder(**ddconfig)
        self.quant_conv = nn.Conv2d(2 * ddconfig["z_channels"], 2 * embed_dim, 1)
        self.post_quant_conv = nn.Conv2d(embed_dim, ddconfig["z_channels"], 1)

    def decode(self, z):
        """Same order as AutoencoderKL.decode: post_quant_conv, then the decoder."""
        return self.decoder(self.post_quant_conv(z))


class ConditionEncoder(nn.Module):
    """The structure of the official AEEncoderEmbedder: a VAE Encoder plus a 1x1 conv."""

    def __init__(self, official, params):
        super().__init__()
        ddconfig = dict(params)
        embed_dim = ddconfig.pop("embed_dim")
        # The official config names kl-f8 here; Encoder would load it in __init__.
        ddconfig.pop("ckpt_path", None)
        ddconfig["conditioning"] = True
        self.encoder = official.vae_model.Encoder(**ddconfig)
        channels = 2 * ddconfig["z_channels"] if ddconfig["double_z"] else ddconfig["z_channels"]
        self.out = nn.Conv2d(channels, embed_dim, 1)

    def forward(self, image):
        return self.out(self.encoder(image))


def build_unet(official, unet_params):
    return official.openaimodel.UNetModel(**unet_params)


def schedule_buffers(official, timesteps, linear_start, linear_end):
    """The 12 buffers of DDPM.register_schedule (linear betas, v_posterior 0),
    computed in float64 with numpy and stored as float32, as the official code does."""
    import numpy as np

    betas = official.util.make_beta_schedule("linear", timesteps, linear_start=linear_start, linear_end=linear_end)
    betas = np.asarray(betas, dtype=np.float64)
    alphas = 1.0 - betas
    ac = np.cumprod(alphas, axis=0)
    ac_prev = np.append(1.0, ac[:-1])
    v_posterior = 0.0
    post_var = (1 - v_posterior) * betas * (1.0 - ac_prev) / (1.0 - ac) + v_posterior * betas
    f32 = lambda a: torch.tensor(a, dtype=torch.float32)
    return {
        "betas": f32(betas),
        "alphas_cumprod": f32(ac),
        "alphas_cumprod_prev": f32(ac_prev),
        "sqrt_alphas_cumprod": f32(np.sqrt(ac)),
        "sqrt_one_minus_alphas_cumprod": f32(np.sqrt(1.0 - ac)),
        "log_one_minus_alphas_cumprod": f32(np.log(1.0 - ac)),
        "sqrt_recip_alphas_cumprod": f32(np.sqrt(1.0 / ac)),
        "sqrt_recipm1_alphas_cumprod": f32(np.sqrt(1.0 / ac - 1)),
        "posterior_variance": f32(post_var),
        "posterior_log_variance_clipped": f32(np.log(np.maximum(post_var, 1e-20))),
        "posterior_mean_coef1": f32(betas * np.sqrt(ac_prev) / (1.0 - ac)),
        "posterior_mean_coef2": f32((1.0 - ac_prev) * np.sqrt(alphas) / (1.0 - ac)),
    }
