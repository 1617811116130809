interface IAppOption {
  globalData: { baseUrl: string }
}
